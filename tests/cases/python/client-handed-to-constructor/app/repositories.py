class UserRepository:
    """Handed its client: what it queries is what the construction passes."""

    def __init__(self, client):
        self.client = client

    async def count_users(self, team_id: str) -> int:
        return await self.client.user.count(where={"team_id": team_id})


class SeatRepository:
    """Built with the shared client and with `tx` in a transaction: each object queries its own."""

    def __init__(self, client):
        self.client = client

    async def seats(self, team_id: str):
        return await self.client.seat.find_many(where={"team_id": team_id})
