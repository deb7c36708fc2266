"""Frameworks, dev servers and platforms, as data: which dependency or root file names a
framework, which dev servers re-evaluate modules on change (PC102), which platforms run
every invocation in a fresh instance (PC303)."""

from __future__ import annotations

import re


# Dependencies (npm and Python) that name a framework.
FRAMEWORK_DEPS = {
    "next": "next", "@remix-run/node": "remix", "@remix-run/react": "remix",
    "@remix-run/dev": "remix", "@remix-run/serve": "remix", "@react-router/dev": "react-router",
    "@react-router/node": "react-router", "nuxt": "nuxt", "@sveltejs/kit": "sveltekit",
    "astro": "astro", "vite": "vite", "hono": "hono", "express": "express", "fastify": "fastify",
    "@nestjs/core": "nestjs", "nitropack": "nitro", "nitro": "nitro", "fastapi": "fastapi", "flask": "flask", "django": "django",
}


# Files at the project root that name a framework.
FRAMEWORK_FILES = {
    "next.config": "next", "remix.config": "remix", "react-router.config": "react-router",
    "nuxt.config": "nuxt", "svelte.config": "sveltekit", "astro.config": "astro",
    "vite.config": "vite", "nitro.config": "nitro", "manage.py": "django", "nest-cli.json": "nestjs",
}


# Dev servers that re-evaluate modules on change (PC102).
HOT_RELOAD_FRAMEWORKS = frozenset({"next", "remix", "react-router", "sveltekit", "astro", "vite"})


# Dev servers that run server code in a worker thread and replace the worker on change
# (Nitro, and Nuxt on it): the old worker is sent "shutdown" (Nitro's `close` hook runs)
# and terminated, its pool dies with it, and the new worker has a fresh globalThis.
# Nitro's source: src/core/dev-server/server.ts `reload()` and worker.ts `#closeWorker()`
# (nitropack v2.13.1), src/presets/_nitro/runtime/nitro-dev.ts `shutdown()`. See PC102.md.
WORKER_RELOAD_FRAMEWORKS = frozenset({"nuxt", "nitro"})


HOT_RELOAD_SCRIPTS = re.compile(r"\bbun\s+(?:run\s+)?--hot\b|\bvite-node\s+--watch\b")


# Dev tools that restart the whole process on change: the old process and its pool die
# with the restart, so a module-level client leaks nothing (rules.md PC102).
PROCESS_RESTART_SCRIPTS = re.compile(
    r"\bnodemon\b|\btsx\s+(?:--?[\w-]+(?:[= ]\S+)?\s+)*watch\b|\bnode\s+(?:--?[\w-]+(?:=\S+)?\s+)*--watch\b"
    r"|\bbun\s+(?:run\s+)?--watch\b|\bts-node-dev\b|\bnode-dev\b|\btsc-watch\b|\bnest\s+start\b.*--watch\b")


# A script that runs Vite's own dev server (`vite`, `vite dev`, `vite serve`).
# Vite plugins of a client-side app, and what makes Vite's dev server load server modules
# (SSR frameworks and plugins on Vite, vite-node): a Vite dev server with the first and
# none of the second serves a single-page app only (project.reloads).
VITE_CLIENT_PLUGINS = frozenset({"@vitejs/plugin-react", "@vitejs/plugin-react-swc", "@vitejs/plugin-vue",
                                 "@vitejs/plugin-vue-jsx", "@sveltejs/vite-plugin-svelte", "vite-plugin-solid",
                                 "@preact/preset-vite", "@vitejs/plugin-legacy"})
VITE_SSR_DEPS = frozenset({"vike", "vite-plugin-ssr", "@hono/vite-dev-server", "vite-plugin-node",
                           "@vitejs/plugin-rsc", "@tanstack/react-start", "@tanstack/start", "@solidjs/start",
                           "@analogjs/platform", "waku", "vinxi", "vite-node", "@cloudflare/vite-plugin",
                           "@sveltejs/kit", "@react-router/dev", "@remix-run/dev", "astro", "nuxt"})
VITE_DEV_SCRIPT = re.compile(r"(?:^|[;&|]\s*)(?:npx\s+)?vite(?:\s+(?:dev|serve))?(?=\s|$)")


# Platforms on which every invocation may be a fresh instance with its own pool (PC303).
# Frameworks whose server routes Vercel deploys as functions even when vercel.json only
# names the build output (a Vite SPA or an Express app beside it gets none).
STATIC_SITE = "static-site"   # DeploymentTarget.detail of a vercel.json for a built site only
SERVER_ROUTE_FRAMEWORKS = frozenset({"next", "remix", "react-router", "nuxt", "sveltekit", "astro", "nitro"})
SERVERLESS_PLATFORMS = frozenset({"vercel", "netlify", "serverless-framework", "aws-sam", "sst"})
