class Repo:
    def __init__(self, db):
        self.db = db

    async def count(self) -> int:
        return await self.db.note.count()

    def name(self) -> str:
        return "notes"


def make_repo(db):
    return Repo(db)


def make_held_repo(db):
    repo = Repo(db)
    return repo
