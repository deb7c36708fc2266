// A memoised getter: the client is built once, every method call is an HTTP request.
import { JWT } from "google-auth-library";

let client: JWT | null = null;

const getClient = () => {
  if (!client) {
    client = new JWT({ email: process.env.GOOGLE_EMAIL, key: process.env.GOOGLE_KEY });
  }
  return client;
};

export async function cancelGoogleSubscription(token: string) {
  await getClient().request({ url: `https://example.test/${token}:cancel`, method: "POST" });
}

export function googleClient() {
  return getClient();
}
