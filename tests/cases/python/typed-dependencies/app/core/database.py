from prisma import Prisma


def get_db():
    db = Prisma()  # PC101
    db.connect()
    return db


prisma = Prisma(auto_register=True)
