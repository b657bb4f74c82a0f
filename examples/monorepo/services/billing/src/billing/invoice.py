def invoice(event):
    return {"order": event["id"]}
