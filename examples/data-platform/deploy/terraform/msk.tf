resource "aws_msk_cluster" "events" {
  cluster_name           = "data-platform-events"
  kafka_version          = "3.6.0"
  number_of_broker_nodes = 3
}
