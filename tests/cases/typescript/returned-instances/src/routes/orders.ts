import { prisma } from "../lib/prisma";
import { getMailer, getMailerLike, sharedMailer } from "../mail";
import { sendWelcome } from "../mail/welcome";
import { transporter } from "../mail/transport";
import { Payments, Ledger } from "../lib/payments";
import { storage, Storage } from "../lib/storage";
import { pingBank } from "../lib/bank";

export async function POST(req: Request) {
  const { id, to } = await req.json();
  await prisma.$transaction(async (tx) => {
    await tx.order.create({ data: { id } });
    await getMailer().send(to, "placed"); // PC201
    const mailer = getMailer();
    await mailer.send(to, "placed"); // PC201
    await sharedMailer().send(to, "placed"); // PC201
    await Payments.getInstance().charge(10); // PC201
    await storage.upload(`orders/${id}`); // PC201
    await new Storage().upload(`orders/${id}`); // PC201 -- one finding: the body decides, not the name
    await sendWelcome(to); // PC201 -- transporter of a module exporting nodemailer.createTransport(), via a barrel
    await pingBank(id); // PC201 -- an axios.create() instance of another module
    await transporter.sendMail({ to }); // PC201
    await Ledger.getInstance().total(); // PC202
    // look-alikes: pure methods, the transaction's own client, an interface, fire-and-forget
    const body = getMailer().format("placed");
    await Ledger.getInstance().record(tx, 10);
    storage.label(body);
    await getMailerLike().send(to, body);
    void getMailer().send(to, "queued");
  });
  // after the transaction: nothing is held
  await getMailer().send(to, "done");
  await Payments.getInstance().charge(10);
  return new Response(null, { status: 204 });
}
