export async function notifyLater(id: string) {
  await fetch(`https://hooks.example.com/${id}`);
}
