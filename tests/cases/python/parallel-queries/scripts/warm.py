import asyncio

from app.lookups import warm_cache

if __name__ == "__main__":
    asyncio.run(warm_cache(["a", "b"]))
