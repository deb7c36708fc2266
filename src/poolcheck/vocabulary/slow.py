"""Calls that leave the process or wait, as data (PC201), per package ecosystem.

A callee matches a library when its resolved dotted name equals the entry or starts with
the entry followed by a dot (`axios.post`, `stripe.charges.create`, `requests.get`).
A transaction call is looked up in its own ecosystem's list: `got` is an npm HTTP client,
not a Python name.
"""

from __future__ import annotations

SLOW_LIBRARIES: dict[str, tuple[str, ...]] = {
    "npm": (
        "fetch", "axios", "got", "ky", "ofetch", "$fetch", "undici", "node-fetch", "superagent",
        "http.request", "http.get", "https.request", "https.get",
        "stripe", "openai", "anthropic", "resend", "sendgrid", "@sendgrid/mail", "nodemailer",
        "twilio", "slack", "@slack/web-api", "setTimeout", "timers/promises.setTimeout",
        "sleep", "delay",
        # search-engine clients: every call is an HTTP request to the search server
        "meilisearch", "algoliasearch", "typesense", "@elastic/elasticsearch",
        # Google's clients: every method of a JWT/OAuth2 client or an API object is an HTTP call
        "google-auth-library", "googleapis", "@nestjs/axios",
        # payment, mail and messaging SDKs (rules.md PC201: clients of any such vendor)
        "razorpay", "midtrans-client", "flutterwave-node-v3", "paystack", "braintree", "square",
        "@paypal/checkout-server-sdk", "@paypal/paypal-server-sdk", "@mollie/api-client",
        "@lemonsqueezy/lemonsqueezy.js", "postmark", "mailgun.js", "@mailchimp/mailchimp_transactional",
        "mailersend", "@getbrevo/brevo", "pusher", "web-push", "@vonage/server-sdk", "plivo",
        "omise", "xendit-node", "nestjs-mailgun", "mailgun-js", "node-mailjet", "@sendgrid/client",
        "@octokit/rest", "octokit", "@notionhq/client", "@hubspot/api-client",
        # media and file storage APIs: every upload or transform is an HTTP call (Vercel Blob's
        # `put`/`del`/`copy`, Google Cloud Storage, UploadThing's UTApi, ImageKit, Supabase's
        # client: its storage and its PostgREST queries alike)
        "cloudinary", "@vercel/blob", "@google-cloud/storage", "uploadthing/server", "imagekit",
        "@supabase/supabase-js",
        # message brokers: a producer's send waits for the broker's acknowledgement
        "kafkajs.Producer",
        # LLM APIs: a completion waits seconds for the model (Vercel's AI SDK by its
        # request functions: `tool()`, `jsonSchema()` and the like are local)
        "ai.generateText", "ai.streamText", "ai.generateObject", "ai.streamObject", "ai.embed",
        "ai.embedMany", "@anthropic-ai/sdk", "@google/generative-ai", "@google/genai", "groq-sdk",
        "cohere-ai", "@mistralai/mistralai", "replicate", "ollama",
        # MCP over HTTP: the AI SDK's MCP client and its OAuth flow (`auth`) call the server
        "@ai-sdk/mcp",
        # Firebase's Admin SDK: FCM sends, Auth, Firestore, Storage, Realtime Database, ... are
        # all Google APIs (its namespaced `admin.messaging()` and its modular entry points)
        "firebase-admin", "firebase-admin/messaging", "firebase-admin/auth", "firebase-admin/firestore",
        "firebase-admin/storage", "firebase-admin/database", "firebase-admin/remote-config",
        "firebase-admin/app-check", "firebase-admin/installations", "firebase-admin/functions",
        "firebase-admin/eventarc", "firebase-admin/machine-learning", "firebase-admin/project-management",
        "firebase-admin/security-rules", "firebase-admin/data-connect", "firebase-admin/extensions",
    ),
    "pypi": (
        "requests", "httpx", "aiohttp", "urllib.request", "urllib3", "boto3", "botocore",
        "smtplib", "asyncio.sleep", "time.sleep", "subprocess", "trio.sleep", "anyio.sleep",
        # SDKs that call their service (docs/rules/PC201.md lists stripe and openai for Python)
        "stripe", "openai", "anthropic", "twilio", "sendgrid", "resend", "slack_sdk",
        "meilisearch", "algoliasearch", "typesense", "elasticsearch",
        "razorpay", "braintree", "paypalrestsdk", "mollie", "postmarker", "pusher", "plivo", "vonage",
        "cloudinary", "google.cloud.storage", "supabase",
        "google.generativeai", "google.genai", "groq", "cohere", "mistralai", "replicate", "ollama", "litellm",
        "firebase_admin",
    ),
}
# Calls below a listed package that stay in the process (the same dotted match, either
# ecosystem's spelling): Firebase's app set-up and credentials, and Firestore's values
# (`FieldValue.serverTimestamp()`, `Timestamp.now()`), which only describe a write.
IN_PROCESS = (
    "firebase_admin.initialize_app", "firebase_admin.get_app", "firebase_admin.credentials",
    "firebase-admin.initializeApp", "firebase-admin.app", "firebase-admin.credential",
    "firebase-admin.firestore.FieldValue", "firebase-admin.firestore.Timestamp",
    "firebase-admin.firestore.FieldPath", "firebase-admin.firestore.GeoPoint",
    "firebase-admin/firestore.FieldValue", "firebase-admin/firestore.Timestamp",
    "firebase-admin/firestore.FieldPath", "firebase-admin/firestore.GeoPoint",
)
# Package functions that build a client (`axios.create()`, `boto3.client("s3")`): what a
# project function returns from one of them is that package's client, whose methods the
# lists above judge. A constructor (`new Stripe()`, `httpx.AsyncClient()`) always is.
CLIENT_FACTORIES = frozenset({"create", "createClient", "client", "resource", "Client"})
# Package calls by their whole dotted name that build a service object, none of them in
# CLIENT_FACTORIES' words: Firebase's namespaced services (`admin.messaging()`, whose
# `send()` is the call to FCM) and their modular getters (`getMessaging()`), and Python's
# `firestore.client()`. Building one, or a CLIENT_FACTORIES call right under a listed
# library (`axios.create`, `boto3.client`), stays in the process: what is called on it
# is judged (`client.send`, `axios.create.get`: `known_slow`, linker.returns).
_FIREBASE_SERVICES = ("messaging", "auth", "firestore", "storage", "database", "remoteConfig",
                      "appCheck", "installations", "functions", "eventarc", "machineLearning",
                      "projectManagement", "securityRules")
_FIREBASE_GETTERS = (("messaging", "getMessaging"), ("auth", "getAuth"), ("firestore", "getFirestore"),
                     ("storage", "getStorage"), ("database", "getDatabase"),
                     ("remote-config", "getRemoteConfig"), ("app-check", "getAppCheck"),
                     ("installations", "getInstallations"), ("functions", "getFunctions"),
                     ("eventarc", "getEventarc"), ("machine-learning", "getMachineLearning"),
                     ("project-management", "getProjectManagement"),
                     ("security-rules", "getSecurityRules"), ("data-connect", "getDataConnect"),
                     ("extensions", "getExtensions"))
CLIENT_FACTORY_CALLS = frozenset({
    *(f"firebase-admin.{service}" for service in _FIREBASE_SERVICES),
    *(f"firebase-admin/{module}.{getter}" for module, getter in _FIREBASE_GETTERS),
    "firebase_admin.firestore.client", "firebase_admin.firestore_async.client",
})
# Entries that wait rather than leave the process (the message says "waits").
WAIT_WORDS = ("sleep", "delay", "setTimeout")
# Method names that leave the process whatever the receiver (SDK clients by any name).
SLOW_METHODS = ("sendMail", "send_mail", "send_email", "sendEmail")
# `client.send(command)` on an AWS SDK v3 client (a receiver whose name says aws).
AWS_SEND = ".send"
# The last resort (rules.md PC201): words that, inside a callee's last name segment, say it
# leaves the process.
LAST_RESORT_WORDS = ("fetch", "http", "request", "api", "webhook", "mail", "notify", "upload",
                     "download", "publish", "sleep", "delay", "external")


def known_slow(callee: str, libraries) -> str | None:
    """Why `callee` leaves the process by the lists alone (a known library or one of
    `libraries`, an SDK method), or None: the one matcher PC201 and the linker share."""
    for entry in libraries:
        if callee == entry or callee.startswith(entry + "."):
            if any(callee == local or callee.startswith(local + ".") for local in IN_PROCESS) \
                    or builds_client(callee, entry):
                return None
            waits = any(word in entry for word in WAIT_WORDS)
            return f"`{entry}` waits" if waits else f"`{entry}` leaves the process"
    last = callee.rsplit(".", 1)[-1]
    if last in SLOW_METHODS or callee.endswith(AWS_SEND) and "aws" in callee.lower():
        return f"`{last}` leaves the process"
    return None


def builds_client(callee: str, entry: str | None = None) -> bool:
    """Whether the package call only builds a client (CLIENT_FACTORY_CALLS, or one of
    CLIENT_FACTORIES right under the library `entry`: `axios.create`, not
    `stripe.customers.create`)."""
    if callee in CLIENT_FACTORY_CALLS:
        return True
    rest = callee[len(entry) + 1:] if entry is not None and callee.startswith(entry + ".") else ""
    return rest in CLIENT_FACTORIES
