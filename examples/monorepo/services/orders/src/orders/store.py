# ADR-0002: orders live in PostgreSQL
def save(order):
    return order
