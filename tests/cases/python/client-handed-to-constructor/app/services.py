from app.db import db
from app.repositories import SeatRepository, UserRepository

users = UserRepository(db)
seats = SeatRepository(db)


class MemberService:
    def __init__(self):
        self.users = UserRepository(db)

    async def add(self, team_id: str, email: str):
        async with db.tx() as tx:
            n = await self.users.count_users(team_id)  # PC202
            m = await users.count_users(team_id)  # PC202
            tx_seats = SeatRepository(tx)
            await tx_seats.seats(team_id)
            await seats.seats(team_id)  # PC202 -- this object is built on the shared client, though another is built on tx
            await tx.member.create(data={"team_id": team_id, "email": email, "n": n + m})


members = MemberService()
