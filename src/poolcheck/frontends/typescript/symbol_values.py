"""Module-level values for the TS/JS symbols (`symbols.py`): the instances, objects of
functions, client bindings, aliases and held call results a module defines, by name and
as its default export (`export default new Service()`, `module.exports = {...}`)."""

from __future__ import annotations

from . import clients
from .symbol_params import container_resolved
from .symbol_shapes import built_by, ref_of
from .symbol_wiring import new_args
from ..ts_model import FUNCTION_TYPES, resolve, strip
from ...symbols import Instance, ObjectOfFunctions


def module_values(an, fid_of):
    """Module-level instances, objects of functions, client bindings, aliases, and names
    holding another call's result (name, the call's span)."""
    prog = an.prog
    instances, objects, clients, aliases, held = [], [], [], [], []
    for name, b in prog.scopes[0].items():
        if b.kind != "module" or b.path:
            continue
        init = _optional_new(strip(b.init))
        if an.is_client_binding(b):
            clients.append(name)
            continue
        if init is None:
            continue
        if init.type == "new_expression":
            ref = ref_of(an, init.child_by_field_name("constructor"))
            if ref is not None:
                instances.append(Instance(name, ref, an.span(b.node), new_args(an, init, ref_of, instances)))
        elif init.type == "call_expression":
            # `export const transporter = nodemailer.createTransport(...)`, `axios.create()`:
            # the package's object that factory builds (the linker keeps only a package's)
            ref = built_by(an, init)
            resolved = container_resolved(an, init) if ref is None else None
            if resolved is not None:   # `export const users = container.resolve(UserService)`
                instances.append(Instance(name, resolved, an.span(b.node)))
            elif ref is not None and ref.path:
                instances.append(Instance(name, ref, an.span(b.node)))
            else:
                held.append((name, an.span(init)))
        elif init.type == "object":
            members = object_members(an, init, fid_of)
            built = member_instances(an, init, name, instances)
            if members or built:
                objects.append(ObjectOfFunctions(name, members, an.span(b.node)))
                instances.extend(built)
        elif init.type == "identifier":
            aliases.append((name, an.text(init)))
    return tuple(instances), tuple(objects), tuple(sorted(clients)), tuple(aliases), tuple(held)


def _optional_new(init):
    """`key ? new MeiliSearch(...) : null`: a client built only when configured is still
    an instance of that class wherever it is used."""
    if init is None or init.type != "ternary_expression":
        return init
    branches = [strip(init.child_by_field_name(k)) for k in ("consequence", "alternative")]
    built = [b for b in branches if b is not None and b.type == "new_expression"]
    absent = [b for b in branches if b is not None and b.type in ("null", "undefined")]
    return built[0] if len(built) == 1 and len(absent) == 1 else init


def default_values(an, fid_of):
    """`export default { send() {} }` / `export default new Service()` / `module.exports = {...}`."""
    prog = an.prog
    instances, objects, client_names = [], [], []
    for stmt in prog.root.named_children:
        value, name = None, "default"
        if stmt.type == "export_statement":
            value = strip(stmt.child_by_field_name("value"))
        elif stmt.type == "expression_statement" and stmt.named_children and \
                stmt.named_children[0].type == "assignment_expression":
            expr = stmt.named_children[0]
            if prog.text(strip(expr.child_by_field_name("left"))) == "module.exports":
                value, name = strip(expr.child_by_field_name("right")), "module.exports"
        if value is None:
            continue
        if clients.is_client_expr(an.tf, value):
            # `module.exports = global.prisma || (global.prisma = new PrismaClient())`,
            # `export default new PrismaClient()`
            client_names.append(name)
            continue
        if value.type == "object":
            members = object_members(an, value, fid_of)
            built = member_instances(an, value, name, instances)
            if members or built:
                objects.append(ObjectOfFunctions(name, members, an.span(value)))
                instances.extend(built)
        elif value.type == "new_expression":
            ref = ref_of(an, value.child_by_field_name("constructor"))
            if ref is not None:
                instances.append(Instance(name, ref, an.span(value), new_args(an, value, ref_of, instances)))
    return instances, objects, client_names


def object_members(an, obj, fid_of) -> tuple:
    members = []
    for m in obj.named_children:
        if m.type == "method_definition":
            key = m.child_by_field_name("name")
            members.append((an.text(key), fid_of(m)))
        elif m.type == "pair":
            key, val = m.child_by_field_name("key"), strip(m.child_by_field_name("value"))
            fns = [val] if val is not None and val.type in FUNCTION_TYPES else \
                _fns_named(an, val) if val is not None and val.type == "identifier" else []
            if len(fns) == 1:
                members.append((an.text(key).strip("'\""), fid_of(fns[0])))
        elif m.type == "shorthand_property_identifier":
            fns = _fns_named(an, m)
            if len(fns) == 1:
                members.append((an.text(m), fid_of(fns[0])))
    return tuple(members)


def member_instances(an, obj, name: str, nested: list) -> list:
    """`{ users: new UserRepository(prisma) }`: an instance per member built with `new`,
    named `services.users` (the linker finds it from the object's name)."""
    out = []
    for m in obj.named_children:
        val = strip(m.child_by_field_name("value")) if m.type == "pair" else None
        if val is not None and val.type == "new_expression":
            ref = ref_of(an, val.child_by_field_name("constructor"))
            if ref is not None:
                key = an.text(m.child_by_field_name("key")).strip("'\"")
                out.append(Instance(f"{name}.{key}", ref, an.span(val), new_args(an, val, ref_of, nested)))
    return out


def _fns_named(an, node):
    b = resolve(an.prog, an.text(node), node)
    if b is None:
        return []
    if b.kind == "function":
        return [b.node]
    if b.kind in ("local", "module") and not b.path:
        return an.scopes.functions_of(b.init)
    return []
