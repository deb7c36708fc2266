"""Cross-module analysis on TS/JS projects (issue 14): multi-file fixtures, each with the
look-alikes that must stay silent."""

from __future__ import annotations

import json

from conftest import check_tree, write_tree

PKG = '{"name": "app", "dependencies": {"@prisma/client": "5.0.0", "next": "14.0.0"}}'
TSCONFIG = '{"compilerOptions": {"baseUrl": ".", "paths": {"@/*": ["./*"]}}}'
DB = """
    import { PrismaClient } from "@prisma/client";
    const g = globalThis as unknown as { prisma?: PrismaClient };
    export const prisma = g.prisma ?? new PrismaClient();
    if (process.env.NODE_ENV !== "production") g.prisma = prisma;
"""
GATEWAY = """
    import axios from "axios";
    export async function createCharge(amount: number) {
      const res = await axios.post(process.env.PAY_API + "/charges", { amount });
      return res.data;
    }
"""


def project(**files: str) -> dict[str, str]:
    return {"package.json": PKG, "tsconfig.json": TSCONFIG, "lib/db.ts": DB, **files}


def at(findings, code=None):
    return [(f.path, f.line, f.code) for f in sorted(findings, key=lambda f: (f.path, f.line, f.code))
            if code is None or f.code == code]


def test_transaction_calling_helper_that_queries_the_module_client_is_pc202(tmp_path):
    write_tree(tmp_path, project(**{
        "lib/quota.ts": """
            import { prisma } from "./db";
            export async function seatsUsed(orgId: string) {
              return prisma.seat.count({ where: { orgId } });
            }
            export async function seatsUsedIn(tx, orgId: string) {
              return tx.seat.count({ where: { orgId } });
            }
        """,
        "app/api/seats/route.ts": """
            import { prisma } from "@/lib/db";
            import { seatsUsed, seatsUsedIn } from "@/lib/quota";
            export async function POST(req: Request) {
              await prisma.$transaction(async (tx) => {
                const used = await seatsUsed("o");
                const same = await seatsUsedIn(tx, "o");
                await tx.seat.create({ data: { orgId: "o" } });
              });
              return new Response("ok");
            }
        """}))
    findings = check_tree(tmp_path, select=["PC202"])
    assert at(findings) == [("app/api/seats/route.ts", 5, "PC202")]
    assert "seatsUsed" in findings[0].message and "shared client `prisma`" in findings[0].message


def test_chain_reaches_the_query_in_the_other_file_in_json_and_sarif(tmp_path):
    write_tree(tmp_path, project(**{
        "lib/quota.ts": """
            import { prisma } from "./db";
            export const seatsUsed = async (orgId: string) => prisma.seat.count({ where: { orgId } });
        """,
        "app/api/seats/route.ts": """
            import { prisma } from "@/lib/db";
            import { seatsUsed } from "@/lib/quota";
            export async function POST() {
              await prisma.$transaction(async (tx) => { await seatsUsed("o"); });
              return new Response("ok");
            }
        """}))
    from conftest import run_cli

    out = run_cli("--format", "json", "--select", "PC202", ".", cwd=tmp_path)
    data = json.loads(out.stdout)
    [finding] = data["findings"] if isinstance(data, dict) else data
    related = json.dumps(finding)
    assert "lib/quota.ts" in related and "the transaction starts here" in related
    sarif = run_cli("--format", "sarif", "--select", "PC202", ".", cwd=tmp_path).stdout
    result = json.loads(sarif)["runs"][0]["results"][0]
    uris = [r["physicalLocation"]["artifactLocation"]["uri"] for r in result["relatedLocations"]]
    assert any(u.endswith("lib/quota.ts") for u in uris)


def test_helper_that_leaves_the_process_two_files_away_is_pc201_by_what_it_does(tmp_path):
    write_tree(tmp_path, project(**{
        "lib/gateway.ts": GATEWAY,
        "services/orders.ts": """
            import { createCharge } from "../lib/gateway";
            export async function quote(amount: number) { return createCharge(amount); }
            export async function fetchUserRow(tx, id: string) { return tx.user.findUnique({ where: { id } }); }
            export function formatApiMessage(n: number) { return `sent ${n}`; }
            export async function notifyWebhook() { return 1; }
        """,
        "app/api/pay/route.ts": """
            import { prisma } from "@/lib/db";
            import { quote, fetchUserRow, formatApiMessage, notifyWebhook } from "@/services/orders";
            import { createCharge } from "@/lib/gateway";
            export async function POST() {
              await prisma.$transaction(async (tx) => {
                await quote(10);
                await fetchUserRow(tx, "1");
                const m = formatApiMessage(1);
                await notifyWebhook();
                void createCharge(5);
                await tx.order.create({ data: { m } });
              });
              return new Response("ok");
            }
        """}))
    findings = check_tree(tmp_path, select=["PC201", "PC202"])
    assert at(findings) == [("app/api/pay/route.ts", 6, "PC201")]
    assert "`axios` leaves the process" in findings[0].message


def test_factory_per_request_is_pc101_on_the_construction_with_the_callers(tmp_path):
    write_tree(tmp_path, project(**{
        "lib/client.ts": """
            import { PrismaClient } from "@prisma/client";
            export function getDb() {
              return new PrismaClient();
            }
            let cached: PrismaClient | undefined;
            export function getPrisma() {
              if (!cached) cached = new PrismaClient();
              return cached;
            }
            export function startupDb() {
              return new PrismaClient();
            }
            export const shared = startupDb();
        """,
        "app/api/a/route.ts": """
            import { getDb, getPrisma } from "@/lib/client";
            export async function GET() {
              const db = getDb();
              const users = await db.user.findMany();
              await db.$disconnect();
              const p = getPrisma();
              return Response.json(await p.user.findMany());
            }
        """,
        "app/api/b/route.ts": """
            import { getDb } from "@/lib/client";
            export async function POST() {
              return Response.json(await getDb().user.findMany());
            }
        """}))
    findings = check_tree(tmp_path, select=["PC101", "PC104"])
    assert at(findings) == [("lib/client.ts", 3, "PC101")]
    assert "`getDb`" in findings[0].message and "`GET`" in findings[0].message


def test_shared_client_connected_in_a_helper_reached_per_request_is_pc104_pc105(tmp_path):
    write_tree(tmp_path, project(**{
        "lib/dbcheck.ts": """
            import { prisma } from "./db";
            export async function checkDatabase() {
              await prisma.$connect();
              await prisma.$disconnect();
            }
            export async function onlyAtBoot() {
              await prisma.$connect();
            }
        """,
        "lib/boot.ts": """
            import { onlyAtBoot } from "./dbcheck";
            onlyAtBoot();
        """,
        "app/api/users/route.ts": """
            import { checkDatabase } from "@/lib/dbcheck";
            export async function GET() {
              await checkDatabase();
              return new Response("ok");
            }
        """}))
    findings = check_tree(tmp_path, select=["PC104", "PC105"])
    assert at(findings) == [("lib/dbcheck.ts", 3, "PC105"), ("lib/dbcheck.ts", 4, "PC104")]


def test_cycles_between_modules_terminate_and_still_propagate(tmp_path):
    write_tree(tmp_path, project(**{
        "lib/a.ts": """
            import { b } from "./b";
            export async function a(n: number): Promise<void> { if (n > 0) await b(n - 1); }
        """,
        "lib/b.ts": """
            import { a } from "./a";
            export async function b(n: number): Promise<void> {
              await fetch("https://hooks.example/x");
              await a(n);
            }
        """,
        "app/api/x/route.ts": """
            import { prisma } from "@/lib/db";
            import { a } from "@/lib/a";
            export async function POST() {
              await prisma.$transaction(async (tx) => { await a(3); await tx.user.count(); });
              return new Response("ok");
            }
        """}))
    assert at(check_tree(tmp_path, select=["PC201"])) == [("app/api/x/route.ts", 4, "PC201")]


def test_an_alias_from_a_project_a_solution_style_tsconfig_references(tmp_path):
    """Vite's and Vue's templates: tsconfig.json has `"files": []` and `references`; each
    referenced project's `paths` govern the files its `include` names (`~/*` in the app
    project for src/, `#/*` in the worker project for worker/; the node project has none)."""
    write_tree(tmp_path, {
        "package.json": PKG,
        "tsconfig.json": '{"files": [], "references": [{"path": "./tsconfig.node.json"}, '
                         '{"path": "./tsconfig.app.json"}, {"path": "./tsconfig.worker.json"}]}',
        "tsconfig.node.json": '{"compilerOptions": {"composite": true}, "include": ["vite.config.ts"]}',
        "tsconfig.app.json": '{"compilerOptions": {"baseUrl": ".", "paths": {"~/*": ["src/*"]}}, '
                             '"include": ["src/**/*.ts"]}',
        "tsconfig.worker.json": '{"compilerOptions": {"paths": {"#/*": ["./worker/lib/*"]}}, "include": ["worker"]}',
        "src/db.ts": "import { PrismaClient } from '@prisma/client'\n"
                     "export function makeDb() {\n  return new PrismaClient()\n}\n",
        "src/app.ts": """
            import express from "express";
            import { makeDb } from "~/db";
            const app = express();
            app.get("/users", async (req, res) => {
              const db = makeDb();
              res.json(await db.user.findMany());
            });
            app.listen(3000);
        """,
        "worker/lib/pay.ts": GATEWAY,
        "worker/job.ts": """
            import express from "express";
            import { PrismaClient } from "@prisma/client";
            import { createCharge } from "#/pay";
            const prisma = new PrismaClient();
            const app = express();
            app.post("/pay", async (req, res) => {
              await prisma.$transaction(async (tx) => {
                await tx.order.create({ data: {} });
                await createCharge(1);
              });
              res.send("ok");
            });
        """})
    assert at(check_tree(tmp_path, select=["PC101", "PC201"])) == [("src/db.ts", 3, "PC101"),
                                                                     ("worker/job.ts", 9, "PC201")]


def test_methods_of_an_object_literal_a_factory_returns(tmp_path):
    """civitai's `createBuzzClient()`: a factory hands out an object literal of methods (a
    shorthand naming a nested arrow, a method, a pair), a module keeps one
    (`const buzz = createBuzzClient()`, or a local), and a transaction body calls a helper
    that calls one of its methods: PC201 when that method leaves the process, silent for
    the method that only formats. The module's own name is imported too (`buzz.getAccount()`
    in the body: the call `export const buzz = createBuzzClient()` holds)."""
    write_tree(tmp_path, project(**{
        "lib/buzz-client.ts": """
            export function createBuzzClient(base: string) {
              async function request(path: string) {
                const res = await fetch(base + path, { method: "POST" });
                return res.json();
              }
              const createTransaction = (amount: number) => request("/tx?amount=" + amount);
              return {
                createTransaction,
                async getAccount(id: number) { return request("/account/" + id); },
                label: (amount: number) => `${amount} buzz`,
              };
            }
        """,
        "lib/buzz.ts": """
            import { createBuzzClient } from "./buzz-client";
            export const buzz = createBuzzClient("https://buzz.example");
            export async function award(n: number) { return buzz.createTransaction(n); }
            export async function describe(n: number) { return buzz.label(n); }
            export async function lookUp(id: number) {
              const client = createBuzzClient("https://buzz.example");
              return client.getAccount(id);
            }
        """,
        "app/api/award/route.ts": """
            import { prisma } from "@/lib/db";
            import { award, buzz, describe, lookUp } from "@/lib/buzz";
            export async function POST() {
              await prisma.$transaction(async (tx) => {
                await tx.entry.update({ where: { id: 1 }, data: { awarded: true } });
                await award(10);
                await describe(10);
                await lookUp(1);
                await buzz.getAccount(2);
                buzz.label(3);
              });
              return Response.json({});
            }
        """}))
    assert at(check_tree(tmp_path, select=["PC201"])) == [("app/api/award/route.ts", 6, "PC201"),
                                                          ("app/api/award/route.ts", 8, "PC201"),
                                                          ("app/api/award/route.ts", 9, "PC201")]


def test_a_function_handed_to_a_project_function_that_runs_it(tmp_path):
    """`withRetries(async () => fetch(url))` in a helper a transaction body calls: the
    runner calls its parameter (and hands it on to itself), so the argument's HTTP call is
    the helper's. Silent: a function handed to one that only keeps it (`onDone`), or calls
    it later from a callback of its own (`defer`)."""
    write_tree(tmp_path, project(**{
        "lib/retry.ts": """
            export async function withRetries<T>(fn: () => Promise<T>, n = 3): Promise<T> {
              try { return await fn(); } catch (e) { if (n > 0) return withRetries(fn, n - 1); throw e; }
            }
            export async function attempt<T>(label: string, fn: () => Promise<T>) {
              return withRetries(fn);
            }
            const hooks: Array<() => void> = [];
            export function onDone(fn: () => void) { hooks.push(fn); }
            export function defer(fn: () => void) { queueMicrotask(() => fn()); }
        """,
        "lib/pay.ts": """
            import { attempt, defer, onDone, withRetries } from "./retry";
            export async function charge(n: number) {
              return withRetries(() => fetch("https://pay.example/charge", { method: "POST" }));
            }
            export async function refund(n: number) {
              return attempt("refund", async () => fetch("https://pay.example/refund"));
            }
            export function remember(n: number) {
              onDone(() => { fetch("https://pay.example/log"); });
              defer(() => { fetch("https://pay.example/log"); });
            }
        """,
        "app/api/pay/route.ts": """
            import { prisma } from "@/lib/db";
            import { charge, refund, remember } from "@/lib/pay";
            export async function POST() {
              await prisma.$transaction(async (tx) => {
                await tx.order.create({ data: {} });
                await charge(1);
                await refund(1);
                remember(1);
              });
              return Response.json({});
            }
        """}))
    assert at(check_tree(tmp_path, select=["PC201"])) == [("app/api/pay/route.ts", 6, "PC201"),
                                                          ("app/api/pay/route.ts", 7, "PC201")]


def test_a_race_s_deadline_timer_is_no_wait_but_a_sleep_is(tmp_path):
    """civitai's `withSysReadDeadline(p, ms)`: `Promise.race([p, new Promise((_, reject) =>
    setTimeout(() => reject(err), ms))])` bounds a read, it adds no wait, so a helper that
    only reads through it does not leave the process, nor such a race in the body itself.
    A sleep (the timer resolves) does."""
    write_tree(tmp_path, project(**{
        "lib/timing.ts": """
            export function withDeadline<T>(p: Promise<T>, ms = 500): Promise<T> {
              let timer: ReturnType<typeof setTimeout> | undefined;
              const deadline = new Promise<never>((_, reject) => {
                timer = setTimeout(() => reject(new Error("timed out")), ms);
              });
              return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
            }
            export function bounded<T>(p: Promise<T>): Promise<T> {
              return Promise.race([p, new Promise<never>((_, reject) => setTimeout(reject, 100))]);
            }
            export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
            export async function cached(key: string) { return withDeadline(Promise.resolve(key)); }
            export async function quick(key: string) { return bounded(Promise.resolve(key)); }
            export async function backOff() { await sleep(1000); }
        """,
        "app/api/t/route.ts": """
            import { prisma } from "@/lib/db";
            import { backOff, cached, quick } from "@/lib/timing";
            export async function POST() {
              await prisma.$transaction(async (tx) => {
                await cached("a");
                await quick("b");
                await backOff();
                await tx.order.create({ data: {} });
                await Promise.race([tx.order.count(), new Promise((_, reject) => setTimeout(() => reject(new Error("t")), 500))]);
                await new Promise((resolve) => setTimeout(resolve, 50));
              });
              return Response.json({});
            }
        """}))
    assert at(check_tree(tmp_path, select=["PC201"])) == [("app/api/t/route.ts", 7, "PC201"),
                                                          ("app/api/t/route.ts", 10, "PC201")]


def test_the_shared_client_handed_to_a_helper_in_a_body_says_what_it_queries(tmp_path):
    """tegon's `getCreateIssueInput(this.prisma, ...)` inside `this.prisma.$transaction`: the
    body hands the shared client to a helper that queries through its parameter; the
    finding says so (its text had an empty clause: "transaction  further down")."""
    write_tree(tmp_path, project(**{
        "lib/title.ts": """
            import { PrismaClient } from "@prisma/client";
            export async function getTitle(db: PrismaClient, ws: string) {
              const p = await db.prompt.findFirst({ where: { workspaceId: ws } });
              return p?.text ?? "";
            }
        """,
        "app/api/issues/route.ts": """
            import { prisma } from "@/lib/db";
            import { getTitle } from "@/lib/title";
            export async function POST() {
              await prisma.$transaction(async (tx) => {
                const title = await getTitle(prisma, "w");
                await tx.issue.create({ data: { title } });
              });
              return Response.json({});
            }
        """}))
    (found,) = check_tree(tmp_path, select=["PC202"])
    assert (found.path, found.line) == ("app/api/issues/route.ts", 5)
    assert "inside an interactive transaction queries the shared client it is handed further down" \
        in found.message and "  " not in found.message


def test_a_helper_that_returns_a_fetching_closure_does_no_work_in_the_transaction(tmp_path):
    """sourcebot's `createTimeoutFetch(ms)` called in a body: it builds and returns an arrow
    that fetches, run by nobody inside the transaction. Silent, the same-file helper and the
    one of another module; a helper whose callback runs there (`map`) still leaves."""
    write_tree(tmp_path, project(**{
        "lib/fetchers.ts": """
            export function timeoutFetch(ms: number): typeof fetch {
              return async (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(ms) });
            }
            export const arrowFetch = (ms: number) => (input: string) => fetch(input);
        """,
        "app/api/save/route.ts": """
            import { prisma } from "@/lib/db";
            import { arrowFetch, timeoutFetch } from "@/lib/fetchers";
            function makeFetcher(ms: number) {
              return async (input: string) => fetch(input);
            }
            async function notifyAll(urls: string[]) {
              await Promise.all(urls.map(async (u) => fetch(u)));
            }
            export async function POST() {
              await prisma.$transaction(async (tx) => {
                const a = makeFetcher(1000);
                const b = timeoutFetch(1000);
                const c = arrowFetch(1000);
                await tx.user.create({ data: {} });
                await notifyAll(["https://a.example"]);
              });
              return Response.json({});
            }
        """}))
    assert at(check_tree(tmp_path, select=["PC201"])) == [("app/api/save/route.ts", 15, "PC201")]


def test_an_llm_call_through_the_ai_sdk_in_a_helper_leaves_the_process(tmp_path):
    """tegon's issue titles: a helper the transaction body calls awaits Vercel's AI SDK
    (`generateText` of the `ai` package) for a completion; sourcebot's body runs the AI SDK's
    MCP OAuth flow (`auth` of `@ai-sdk/mcp`). Its local helpers (`tool`) do not."""
    write_tree(tmp_path, project(**{
        "lib/llm.ts": """
            import { generateText, tool } from "ai";
            export async function makeTitle(text: string) {
              const { text: title } = await generateText({ model: "gpt-4o-mini", prompt: text });
              return title;
            }
            export async function describeTool() { return tool({ description: "x" }); }
        """,
        "app/api/issues/route.ts": """
            import { auth as mcpAuth } from "@ai-sdk/mcp";
            import { prisma } from "@/lib/db";
            import { describeTool, makeTitle } from "@/lib/llm";
            export async function POST() {
              await prisma.$transaction(async (tx) => {
                await describeTool();
                const title = await makeTitle("a bug");
                await mcpAuth({}, { serverUrl: "https://mcp.example" });
                await tx.issue.create({ data: { title } });
              });
              return Response.json({});
            }
        """}))
    assert at(check_tree(tmp_path, select=["PC201"])) == [("app/api/issues/route.ts", 7, "PC201"),
                                                          ("app/api/issues/route.ts", 8, "PC201")]


def test_a_method_call_on_a_parameter_typed_with_a_class(tmp_path):
    """tegon hands its `AIRequestsService` to utilities as a typed parameter
    (`ai: AIRequestsService` ... `ai.getLLMRequest()`), three modules below a transaction:
    the call is that class's method. A query through a parameter typed with the client
    (`db: PrismaClient`, handed `tx`) stays the parameter's, judged by what is passed."""
    write_tree(tmp_path, project(**{
        "lib/ai.service.ts": """
            import { generateText } from "ai";
            export class AIRequestsService {
              async getLLMRequest(prompt: string) {
                const { text } = await generateText({ model: "gpt-4o-mini", prompt });
                return text;
              }
              label(prompt: string) { return prompt.trim(); }
            }
        """,
        "lib/titles.ts": """
            import { PrismaClient } from "@prisma/client";
            import { AIRequestsService } from "./ai.service";
            export async function issueTitle(ai: AIRequestsService, d: string) { return ai.getLLMRequest(d); }
            export function shortTitle(ai: AIRequestsService, d: string) { return ai.label(d); }
            export async function lastTitle(db: PrismaClient) { return db.issue.findFirst(); }
        """,
        "app/api/issues/route.ts": """
            import { prisma } from "@/lib/db";
            import { AIRequestsService } from "@/lib/ai.service";
            import { issueTitle, lastTitle, shortTitle } from "@/lib/titles";
            const ai = new AIRequestsService();
            export async function POST() {
              await prisma.$transaction(async (tx) => {
                const title = await issueTitle(ai, "d");
                shortTitle(ai, "d");
                await lastTitle(tx);
                await tx.issue.create({ data: { title } });
              });
              return Response.json({});
            }
        """}))
    assert at(check_tree(tmp_path, select=["PC201", "PC202"])) == [("app/api/issues/route.ts", 7, "PC201")]


def test_barrel_reexport_chain_and_alias_from_an_extended_tsconfig(tmp_path):
    write_tree(tmp_path, {
        "package.json": PKG,
        "tsconfig.base.json": '{"compilerOptions": {"paths": {"~services/*": ["./src/services/*"]}}}',
        "tsconfig.json": '{"extends": "./tsconfig.base", "compilerOptions": {"strict": true}}',
        "src/db.ts": DB,
        "src/services/mail/send.ts": """
            import nodemailer from "nodemailer";
            const transport = nodemailer.createTransport({});
            export async function deliver(to: string) { await transport.sendMail({ to }); }
        """,
        "src/services/mail/index.ts": 'export { deliver as sendWelcome } from "./send";\n',
        "src/services/index.ts": 'export * from "./mail";\n',
        "src/routes/signup.ts": """
            import express from "express";
            import { prisma } from "../db";
            import { sendWelcome } from "~services/index";
            const router = express.Router();
            router.post("/signup", async (req, res) => {
              await prisma.$transaction(async (tx) => {
                await tx.user.create({ data: {} });
                await sendWelcome("a@b.c");
              });
              res.send("ok");
            });
            export default router;
        """})
    assert at(check_tree(tmp_path, select=["PC201"])) == [("src/routes/signup.ts", 8, "PC201")]


def test_workspace_package_factory_used_by_an_app(tmp_path):
    write_tree(tmp_path, {
        "package.json": '{"name": "mono", "private": true, "workspaces": ["apps/*", "packages/*"]}',
        "packages/db/package.json": '{"name": "@repo/db", "exports": {".": {"import": "./dist/index.js", "types": "./dist/index.d.ts"}}, "dependencies": {"@prisma/client": "5.0.0"}}',
        "packages/db/src/index.ts": 'export * from "./client";\n',
        "packages/db/src/client.ts": """
            import { PrismaClient } from "@prisma/client";
            export const createClient = () => new PrismaClient();
        """,
        "apps/web/package.json": '{"name": "web", "dependencies": {"@repo/db": "workspace:*", "next": "14.0.0"}}',
        "apps/web/app/api/u/route.ts": """
            import { createClient } from "@repo/db";
            export async function GET() {
              const db = createClient();
              return Response.json(await db.user.findMany());
            }
        """})
    assert at(check_tree(tmp_path, select=["PC101"])) == [("packages/db/src/client.ts", 2, "PC101")]


def test_nestjs_injected_service_and_module_instance_and_object_of_functions(tmp_path):
    write_tree(tmp_path, project(**{
        "src/payments.service.ts": """
            import { Injectable } from "@nestjs/common";
            import Stripe from "stripe";
            const stripe = new Stripe("sk");
            @Injectable()
            export class PaymentsService {
              async charge(amount: number) { return stripe.charges.create({ amount }); }
              label(n: number) { return `#${n}`; }
            }
        """,
        "src/wallet.ts": """
            export class WalletService {
              async credit(id: string) { return fetch("https://bank.example/credit/" + id); }
            }
            export const walletService = new WalletService();
        """,
        "src/mailer.ts": """
            import { Resend } from "resend";
            const resend = new Resend("k");
            export const mailer = {
              async send(to: string) { await resend.emails.send({ to }); },
              subject: (n: number) => `hello ${n}`,
            };
        """,
        "src/orders.service.ts": """
            import { Injectable } from "@nestjs/common";
            import { PrismaService } from "./prisma.service";
            import { PaymentsService } from "./payments.service";
            import { walletService } from "./wallet";
            import { mailer } from "./mailer";
            @Injectable()
            export class OrdersService {
              constructor(private readonly prisma: PrismaService, private readonly payments: PaymentsService) {}
              async place(id: string) {
                return this.prisma.$transaction(async (tx) => {
                  await this.payments.charge(10);
                  const l = this.payments.label(1);
                  await walletService.credit(id);
                  await mailer.send("a");
                  const s = mailer.subject(1);
                  return tx.order.create({ data: { l, s } });
                });
              }
            }
        """,
        "src/prisma.service.ts": """
            import { PrismaClient } from "@prisma/client";
            export class PrismaService extends PrismaClient {}
        """}))
    assert at(check_tree(tmp_path, select=["PC201"])) == [
        ("src/orders.service.ts", 11, "PC201"), ("src/orders.service.ts", 13, "PC201"),
        ("src/orders.service.ts", 14, "PC201")]


def test_partial_run_on_the_helper_reports_the_transaction_that_calls_it(tmp_path):
    write_tree(tmp_path, project(**{
        "lib/gateway.ts": GATEWAY,
        "app/api/pay/route.ts": """
            import { prisma } from "@/lib/db";
            import { createCharge } from "@/lib/gateway";
            export async function POST() {
              await prisma.$transaction(async (tx) => { await createCharge(1); await tx.user.count(); });
              return new Response("ok");
            }
        """}))
    given = check_tree(tmp_path, select=["PC201"], paths=[tmp_path / "lib" / "gateway.ts"])
    assert at(given) == [("app/api/pay/route.ts", 4, "PC201")]
    unrelated = check_tree(tmp_path, select=["PC201"], paths=[tmp_path / "lib" / "db.ts"])
    assert at(unrelated) == []


def _database_package(tmp_path, app_deps: str):
    write_tree(tmp_path, {
        "package.json": '{"name": "mono", "private": true, "workspaces": ["apps/*", "packages/*"]}',
        "packages/database/package.json": '{"name": "@acme/database", "dependencies": {"@prisma/client": "5.0.0"}}',
        "packages/database/prisma/schema.prisma": """
            datasource db {
              provider = "postgresql"
              url      = env("DATABASE_URL")
            }
        """,
        "packages/database/.env": "DATABASE_URL=postgresql://app@db.example.com:5432/app\n",
        "apps/web/package.json": '{"name": "web", "dependencies": {' + app_deps + '"next": "14.0.0"}}',
        "apps/web/vercel.json": "{}",
    })


def test_a_package_used_by_a_deployed_app_inherits_its_deployment(tmp_path):
    _database_package(tmp_path, '"@acme/database": "workspace:*", ')
    findings = check_tree(tmp_path, select=["PC303"])
    assert at(findings) == [("packages/database/.env", 1, "PC303")]
    assert "Vercel" in findings[0].message


def test_a_package_no_deployed_app_depends_on_stays_undeployed(tmp_path):
    _database_package(tmp_path, "")
    assert at(check_tree(tmp_path, select=["PC303"])) == []


def test_helper_that_queries_the_shared_client_only_without_tx_and_memoised_pools(tmp_path):
    write_tree(tmp_path, project(**{
        "lib/team.ts": """
            import { prisma } from "./db";
            const getTeam = async (id: string) => prisma.team.findUnique({ where: { id } });
            export async function defaultTeam(id: string, tx?: any) {
              return tx ? tx.team.findUnique({ where: { id } }) : getTeam(id);
            }
            export async function getTeamLater(id: string) { return getTeam(id); }
            export async function teamOf(id: string, tx?: any) {
              const client = tx ?? prisma;
              if (!tx) return getTeam(id);
              return client.team.findUnique({ where: { id } });
            }
        """,
        "lib/pool.ts": """
            import { Pool } from "pg";
            import { PrismaPg } from "@prisma/adapter-pg";
            export function createPool() { return new Pool({ connectionString: process.env.DATABASE_URL }); }
            let _pool: Pool | undefined;
            export function readPool() { return (_pool ??= createPool()); }
            export const adapter = new PrismaPg(readPool());
        """,
        "app/api/t/route.ts": """
            import { prisma } from "@/lib/db";
            import { defaultTeam, teamOf, getTeamLater } from "@/lib/team";
            import { readPool } from "@/lib/pool";
            export async function POST() {
              await readPool().query("select 1");
              await prisma.$transaction(async (tx) => {
                await defaultTeam("t", tx);
                await teamOf("t", tx);
                await defaultTeam("t", undefined);
                void getTeamLater("t");
              });
              return new Response("ok");
            }
        """}))
    assert at(check_tree(tmp_path, select=["PC101", "PC202"])) == [("app/api/t/route.ts", 9, "PC202")]


def test_handler_registered_from_another_module_is_request_scope(tmp_path):
    write_tree(tmp_path, {
        "package.json": '{"name": "api", "dependencies": {"@prisma/client": "5.0.0", "express": "4.0.0"}}',
        "src/handlers.ts": """
            import { PrismaClient } from "@prisma/client";
            export async function list(req, res) {
              const db = new PrismaClient();
              res.json(await db.user.findMany());
            }
            export function build() { return new PrismaClient(); }
        """,
        "src/routes.ts": """
            import express from "express";
            import * as handlers from "./handlers";
            const router = express.Router();
            router.get("/users", handlers.list);
            export const shared = handlers.build();
            export default router;
        """})
    findings = check_tree(tmp_path, select=["PC101"])
    assert at(findings) == [("src/handlers.ts", 3, "PC101")]


def test_middleware_registration_and_fan_out_in_helpers_reached_per_request(tmp_path):
    write_tree(tmp_path, project(**{
        "lib/setup.ts": """
            import { prisma } from "./db";
            export function addAudit() {
              prisma.$use(async (params, next) => next(params));
            }
            export async function loadAll(ids: string[]) {
              return Promise.all(ids.map((id) => prisma.user.findUnique({ where: { id } })));
            }
            export async function loadAtBoot(ids: string[]) {
              return Promise.all(ids.map((id) => prisma.user.findUnique({ where: { id } })));
            }
        """,
        "lib/boot.ts": """
            import { loadAtBoot } from "./setup";
            loadAtBoot(["a"]);
        """,
        "app/api/u/route.ts": """
            import { addAudit, loadAll } from "@/lib/setup";
            export async function GET() {
              addAudit();
              return Response.json(await loadAll(["a", "b"]));
            }
        """}))
    assert at(check_tree(tmp_path, select=["PC108", "PC205"])) == [
        ("lib/setup.ts", 3, "PC108"), ("lib/setup.ts", 6, "PC205")]


def test_another_client_is_a_warning_unless_the_helper_also_uses_the_transactions_own(tmp_path):
    write_tree(tmp_path, project(**{
        "lib/clients.ts": """
            import { PrismaClient } from "@prisma/client";
            export const dbWrite = new PrismaClient();
            export const dbRead = new PrismaClient();
        """,
        "lib/tags.ts": """
            import { dbRead, dbWrite } from "./clients";
            export async function readTags() { return dbRead.tag.findMany(); }
            export async function voteTags() {
              const tags = await dbRead.tag.findMany();
              await dbWrite.$executeRaw`update tag set votes = votes + 1`;
              return tags;
            }
        """,
        "app/api/v/route.ts": """
            import { dbWrite } from "@/lib/clients";
            import { readTags, voteTags } from "@/lib/tags";
            export async function POST() {
              await dbWrite.$transaction(async (tx) => {
                await readTags();
                await voteTags();
              });
              return new Response("ok");
            }
        """}))
    findings = {f.line: f for f in check_tree(tmp_path, select=["PC202"])}
    assert sorted(findings) == [5, 6]
    assert findings[5].severity == "W" and "another client (`dbRead`)" in findings[5].message
    assert findings[6].severity == "E" and "`dbWrite`" in findings[6].message


def test_partial_run_honours_a_suppression_in_the_unstaged_file(tmp_path):
    write_tree(tmp_path, project(**{
        "lib/gateway.ts": GATEWAY,
        "app/api/pay/route.ts": """
            import { prisma } from "@/lib/db";
            import { createCharge } from "@/lib/gateway";
            export async function POST() {
              // poolcheck-ignore-next-line PC201
              await prisma.$transaction(async (tx) => { await createCharge(1); await tx.user.count(); });
              return new Response("ok");
            }
        """}))
    assert at(check_tree(tmp_path, select=["PC201"], paths=[tmp_path / "lib" / "gateway.ts"])) == []
    assert at(check_tree(tmp_path, select=["PC201"])) == []


def test_factory_on_cloudflare_workers_reached_per_request_stays_silent(tmp_path):
    # Hono on Workers: the factory reads the D1 binding from the request's context, so a
    # client per request is the documented pattern there (as in the handler's own file);
    # the same factory shape without bindings, in an Express app, is PC101.
    write_tree(tmp_path, {
        "worker/package.json": '{"name": "w", "dependencies": {"@prisma/client": "6.0.0", "hono": "4.0.0"}}',
        "worker/wrangler.toml": 'name = "w"\nmain = "src/index.ts"\n',
        "worker/src/infra/db.ts": """
            import type { Context } from "hono";
            import { PrismaD1 } from "@prisma/adapter-d1";
            import { PrismaClient } from "@prisma/client";
            export const getDbClient = (ctx: Context) => {
              return new PrismaClient({ adapter: new PrismaD1(ctx.env.DB) });
            };
        """,
        "worker/src/index.ts": """
            import { Hono } from "hono";
            import { getDbClient } from "./infra/db";
            const app = new Hono();
            app.use("*", async (c, next) => {
              const db = getDbClient(c);
              c.set("prisma", db);
              await next();
              await db.$disconnect();
            });
            export default app;
        """,
        "api/package.json": '{"name": "api", "dependencies": {"@prisma/client": "6.0.0", "express": "4.0.0"}}',
        "api/src/db.ts": """
            import { PrismaClient } from "@prisma/client";
            export function getDb() { return new PrismaClient(); }
        """,
        "api/src/app.ts": """
            import express from "express";
            import { getDb } from "./db";
            const app = express();
            app.get("/", async (req, res) => {
              const db = getDb();
              res.json(await db.user.findMany());
            });
        """})
    findings = check_tree(tmp_path, select=["PC101", "PC104"])
    assert at(findings) == [("api/src/db.ts", 2, "PC101")]


def test_a_callee_chain_over_several_lines_is_written_on_one():
    from poolcheck.frontends.typescript.symbol_calls import one_line

    assert one_line("https\n        .get") == "https.get"
    assert one_line("this.client\n  ?.orders\n  .create") == "this.client?.orders.create"
    assert one_line("new Promise") == "new Promise"
