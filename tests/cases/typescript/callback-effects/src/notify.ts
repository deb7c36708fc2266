import axios from "axios";
import { prisma } from "./db";

// the slow call runs in a Promise's executor, which the function awaits
export async function postWrapped(url: string) {
  await new Promise((resolve) => axios.post(url).then(resolve));
}

// a fan-out of HTTP calls, awaited together
export async function postAll(urls: string[]) {
  await Promise.all(urls.map(async (u) => fetch(u)));
}

// an iterating callback starts its request inside the call
export async function postEach(urls: string[]) {
  urls.forEach(async (u) => {
    await axios.post(u);
  });
}

// queries the shared client inside a map callback
export async function touchAll(ids: number[]) {
  return Promise.all(ids.map((id) => prisma.user.update({ where: { id }, data: {} })));
}

// a `.then` callback of an awaited call
export async function postThen(url: string) {
  await Promise.resolve(url).then((u) => axios.post(u));
}

// look-alikes: a Promise built and dropped, a timer's callback, a formatter
export function postLater(url: string) {
  new Promise((resolve) => axios.post(url).then(resolve));
}
export function postTimer(url: string) {
  setTimeout(() => axios.post(url), 1000);
}
export async function labels(names: string[]) {
  return names.map((n) => n.toUpperCase());
}
