import { prisma } from "@/lib/prisma";

// correct: an async server component reads through the shared client
export default async function HomePage() {
  const latest = await prisma.order.findMany({
    where: { status: "PAID" },
    orderBy: { createdAt: "desc" },
    take: 5,
    include: { user: { select: { name: true } } },
  });
  return (
    <main>
      <h1>Latest orders</h1>
      <ul>
        {latest.map((order) => (
          <li key={order.id}>
            {order.user.name ?? "Anonymous"}: ${(order.totalCents / 100).toFixed(2)}
          </li>
        ))}
      </ul>
    </main>
  );
}
