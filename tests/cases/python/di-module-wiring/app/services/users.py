from app.db import db


class UserService:
    """Never imports its repository: app/container.py hands it one."""

    def __init__(self, repo):
        self.repo = repo

    async def rename(self) -> None:
        async with db.tx() as tx:
            await self.repo.count()  # PC202
            await self.repo.touch()  # PC202
            await self.repo.count(tx)
            await self.repo.touch(tx=tx)
            await tx.user.update(where={"id": 1}, data={})
