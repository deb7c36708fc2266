from types import SimpleNamespace

from prisma import Prisma


def make_note_service(client: Prisma):
    async def add_note(text: str):
        return await client.note.create(data={"text": text})

    async def count_notes() -> int:
        return await client.note.count()

    def label() -> str:
        return "notes"

    return SimpleNamespace(add_note=add_note, count_notes=count_notes, label=label)


def make_tag_service(client: Prisma):
    async def count_tags() -> int:
        return await client.tag.count()

    return {"count_tags": count_tags}


def make_counter(client: Prisma):
    class Counter:
        async def count(self) -> int:
            return await client.counter.count()

        def name(self) -> str:
            return "counter"

    return Counter()
