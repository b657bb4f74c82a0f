//! Ingest service: consumes change events from Kafka and writes them to the raw zone.
fn main() {
    println!("ingest: see docs/sad/views/pipeline.md");
}
