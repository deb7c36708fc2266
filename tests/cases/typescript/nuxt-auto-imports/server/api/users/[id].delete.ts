export default defineEventHandler(async (event) => {
  const id = getRouterParam(event, "id");
  await prisma.$transaction(async (tx) => {
    const user = await tx.user.delete({ where: { id } });
    const seats = await countSeats(user.org); // PC202
    await pingBilling(user.org); // PC201
    await tx.auditLog.create({ data: { label: seatLabel(seats) } });
  });
  await pingBilling("after");
  return null;
});
