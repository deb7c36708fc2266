from prisma import Prisma

# a helper only the tests import, with no handler or hook of its own: runs in the tests
prisma = Prisma()
