export default defineEventHandler(async (event) => {
  const db = useDB(event);
  const shared = await useConnected();
  const again = usePrisma();
  return { users: await db.user.findMany(), n: await shared.user.count(), m: await again.user.count() };
});
