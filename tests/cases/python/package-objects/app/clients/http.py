# Package objects built once at import: each of their methods leaves the process.
import httpx
import requests
import stripe
from openai import AsyncOpenAI

from app.clients.text import Formatter

client = httpx.AsyncClient(base_url="https://hooks.example.com")
session = requests.Session()
ai = AsyncOpenAI()
stripe.api_key = "sk_test"
formatter = Formatter()


def get_http() -> httpx.AsyncClient:
    return client
