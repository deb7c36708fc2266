from helpers.fixtures import prisma


def test_prisma():
    assert prisma is not None
