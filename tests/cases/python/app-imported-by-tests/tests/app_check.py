from fastapi.testclient import TestClient

from main import app

client = TestClient(app)


def test_data():
    assert client.get("/data").status_code == 200
