from prisma import Prisma

db = Prisma()


def get_client():
    client = Prisma()  # PC101
    client.connect()
    return client
