import httpx


class Mailer:
    async def send(self, to: str) -> None:
        async with httpx.AsyncClient() as http:
            await http.post("https://mail.example.com/send", json={"to": to})

    def format(self, body: str) -> str:
        return body.strip()


def get_mailer() -> "Mailer":
    return Mailer()


_shared = Mailer()


def shared_mailer():
    return _shared


class MailerLike:
    """A protocol-like base: its `send` does nothing itself."""

    async def send(self, to: str) -> None:
        return None
