"""What Prisma's get_config checks in a datasource once the file is parsed (provider,
URL properties, relationMode), a mixin of the driver: its errors go to
`model.config_errors`, which poolcheck does not report itself."""

from __future__ import annotations

from ...facts import Datasource, ParseProblem, UrlSetting
from .model import DATASOURCE_PROPERTIES, KNOWN_PROVIDERS, MSG_URL_7, URL_KEYS, Block


class _Checks:
    # -- configuration checks (Prisma's get_config), kept apart from syntax errors
    def _validate(self) -> None:
        errors = self.model.config_errors
        sources = [b for b in self.model.blocks if b.kind == "datasource"]
        if len(sources) > 1:
            for b in sources:
                errors.append(ParseProblem(b.span, "You defined more than one datasource."))
        for block in sources:
            provider = block.get("provider")
            provider_value = None
            if provider is None:
                errors.append(ParseProblem(block.span, f'Argument "provider" is missing in data source block "{block.name}".'))
            elif provider.value.kind != "string":
                errors.append(ParseProblem(provider.value.span, "Expected a String value for provider."))
            else:
                provider_value = provider.value.text
                if provider_value not in KNOWN_PROVIDERS:
                    errors.append(ParseProblem(provider.value.span, "Datasource provider not known."))
            self._relation_mode(block, provider_value)
            urls: list[UrlSetting] = []
            for key in URL_KEYS:
                prop = block.get(key)
                if prop is not None and self.major is not None and self.major >= 7:
                    # Visible (PC900): `prisma generate` and `migrate` refuse the schema.
                    self.model.problems.append(ParseProblem(
                        prop.key_span, MSG_URL_7.get(key, MSG_URL_7["directUrl"]).format(key=key)))
                if prop is None:
                    if key == "url" and (self.major is None or self.major < 7):
                        errors.append(ParseProblem(block.span, f'Argument "url" is missing in data source block "{block.name}".'))
                    continue
                value = prop.value
                if value.kind == "string":
                    urls.append(UrlSetting(key, value.span, prop.key_span, literal=value.text))
                elif value.env_var() is not None:
                    urls.append(UrlSetting(key, value.span, prop.key_span, env_var=value.env_var()))
                else:
                    message = ("Exactly one string parameter must be passed to the env function."
                               if value.kind == "function" and value.text == "env"
                               else f"Expected a String value for {key}.")
                    errors.append(ParseProblem(value.span, message))
                    urls.append(UrlSetting(key, value.span, prop.key_span))
            self._shadow_differs(block, urls)
            for prop in block.properties:
                if prop.key not in DATASOURCE_PROPERTIES:
                    errors.append(ParseProblem(prop.key_span, f'Property not known: "{prop.key}".'))
            self.model.datasources.append(Datasource(
                block.name, block.span, provider_value, provider.value.span if provider else None, tuple(urls)))

    def _shadow_differs(self, block: Block, urls: list[UrlSetting]) -> None:
        """Prisma refuses a shadowDatabaseUrl written the same as url or directUrl (the
        same env var, or the same literal): migrate would wipe the real database."""
        by_role = {u.role: (u.env_var, u.literal) for u in urls if u.env_var is not None or u.literal is not None}
        shadow = by_role.get("shadowDatabaseUrl")
        if shadow is None:
            return
        for role in ("directUrl", "url"):
            if by_role.get(role) == shadow:
                span = next(u.span for u in urls if u.role == "shadowDatabaseUrl")
                self.model.config_errors.append(ParseProblem(span, (
                    f'shadowDatabaseUrl is the same as {role} for datasource "{block.name}". Please specify '
                    f'a different database as shadow database to avoid data loss.')))

    def _relation_mode(self, block: Block, provider: str | None) -> None:
        """relationMode (and its old name referentialIntegrity): a string, "prisma" or
        "foreignKeys" ("prisma" only on MongoDB), and not both names at once."""
        errors = self.model.config_errors
        mode, legacy = block.get("relationMode"), block.get("referentialIntegrity")
        if mode is not None and legacy is not None:
            errors.append(ParseProblem(legacy.key_span, "The `referentialIntegrity` and `relationMode` attributes "
                                       "cannot be used together. Please use only `relationMode` instead."))
            return
        prop = mode or legacy
        if prop is None:
            return
        value = prop.value
        if value.kind != "string":
            shown = f"literal value `{value.text}`" if value.kind == "constant" else f"{value.kind} value"
            errors.append(ParseProblem(value.span, f"Expected a string value, but received {shown}."))
            return
        allowed = ("prisma",) if provider == "mongodb" else ("prisma", "foreignKeys")
        if value.text not in allowed:
            supported = ", ".join(f'"{v}"' for v in allowed)
            errors.append(ParseProblem(value.span, f'Error validating datasource `relationMode`: Invalid relation '
                                       f'mode setting: "{value.text}". Supported values: {supported}'))
