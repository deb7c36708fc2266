async def test_email_is_unique(db):
    await db.user.delete_many(where={"email": {"endswith": "@test.example"}})
    await db.user.create(data={"email": "grace@test.example"})
    assert await db.user.count(where={"email": "grace@test.example"}) == 1
