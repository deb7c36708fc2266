# Look-alikes: a factory of a project class and a helper that only builds a client.
from app.clients.carrier import get_client


class Label:
    def __init__(self, text: str) -> None:
        self.text = text

    def render(self) -> str:
        return self.text.upper()


def make_label(text: str) -> Label:
    return Label(text)


def label_for(order_id: str) -> str:
    return make_label(order_id).render()


def carrier_ready() -> bool:
    return get_client() is not None
