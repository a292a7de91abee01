"""Templates and workflow graphs: pydantic models and the rules they must follow.

The rules mirror the SQL functions `private.template_spec_problem` and
`private.workflow_graph_problem` (supabase/functions/workflows.sql) check for check and in
the same order, so a document is refused here with the very message PostgREST clients get
(SQLSTATE 22023): it names the track, overlay, placeholder, node or edge, and the field.
tests/py/test_workflows.py runs both on the same bad documents.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator
from pydantic_core import PydanticCustomError

_MISSING = object()
ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
PLACEHOLDER = re.compile(r"\{\{([A-Za-z_][A-Za-z0-9_]{0,63})\}\}")
RESOLUTION = re.compile(r"[1-9][0-9]{1,3}x[1-9][0-9]{1,3}")
PLACEHOLDER_TYPE = re.compile(r"(image|audio|video|text)(_optional)?")
ASPECTS = ("9:16", "16:9", "1:1", "4:5")
TRACK_TYPES = ("video", "audio", "subtitle", "overlay", "image")
CUTS = ("auto_by_beats_or_speech", "auto_by_beats", "auto_by_speech", "fixed", "manual")
SPEC_FIELDS = ("tracks", "overlays", "placeholders", "rules", "subtitle_style_presets")


class Port(BaseModel):
    types: list[str]
    required: bool
    many: bool
    role: str


class NodeType(BaseModel):
    kind: str
    inputs: dict[str, Port] = Field(default_factory=dict)
    outputs: dict[str, str]
    required_params: list[str] = Field(default_factory=list)
    defaults: dict[str, Any] = Field(default_factory=dict)


def _port(types: list[str], role: str, required: bool = True, many: bool = False) -> Port:
    return Port(types=types, required=required, many=many, role=role)


# The catalog of public.workflow_node_types (a test compares the two).
NODE_TYPES: dict[str, NodeType] = {
    "Input.Stock": NodeType(kind="image", outputs={"image": "image"}, required_params=["query"]),
    "Script.Generate": NodeType(
        kind="text",
        inputs={"context": _port(["text"], "input", required=False, many=True)},
        outputs={"script": "text"},
        required_params=["prompt|text"],
    ),
    "Voice.TTS": NodeType(kind="audio", inputs={"script": _port(["text"], "input")}, outputs={"audio": "audio"}),
    "Subtitle.Auto": NodeType(
        kind="text",
        inputs={"audio": _port(["audio"], "audio")},
        outputs={"subtitles": "subtitles"},
        defaults={"format": "srt"},
    ),
    "Edit.Timeline": NodeType(
        kind="scene_video",
        inputs={
            "visual": _port(["image"], "image"),
            "audio": _port(["audio"], "audio", required=False),
            "subtitles": _port(["subtitles"], "subtitles", required=False),
        },
        outputs={"video": "video"},
    ),
    "Output.Render": NodeType(kind="render", inputs={"video": _port(["video"], "video")}, outputs={"render": "render"}),
}


# ---------------------------------------------------------------------------
# JSON as PostgreSQL's jsonb sees it
# ---------------------------------------------------------------------------


def _type(value: Any) -> str | None:
    """jsonb_typeof: None for a missing key (SQL NULL)."""
    if value is _MISSING:
        return None
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return {str: "string", list: "array", dict: "object"}.get(type(value))


def _json(value: Any) -> str:
    """A value as jsonb prints it (`->`, coalesced to 'null' when missing)."""
    return "null" if value is _MISSING else json.dumps(value, ensure_ascii=False)


def _text(value: Any) -> str | None:
    """`->>`: a string's content, other values as JSON, SQL NULL for missing or null."""
    if value is _MISSING or value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _get(obj: Any, key: str) -> Any:
    return obj.get(key, _MISSING) if isinstance(obj, dict) else _MISSING


def _number(value: Any) -> float | None:
    return float(value) if _type(value) == "number" else None


def placeholders_in(params: Any) -> list[tuple[str, str]]:
    """Every {{name}} in the strings of `params` with the path of its string, in path order,
    then in order of appearance (private.json_placeholders)."""

    def walk(path: str, value: Any) -> Iterator[tuple[str, str]]:
        if isinstance(value, str):
            yield path, value
        elif isinstance(value, dict):
            for key, child in value.items():
                yield from walk(f"{path}.{key}", child)
        elif isinstance(value, list):
            for n, child in enumerate(value):
                yield from walk(f"{path}[{n}]", child)

    strings = sorted(walk("params", params), key=lambda item: item[0].encode())
    return [(path, match[1]) for path, value in strings for match in PLACEHOLDER.finditer(value)]


# ---------------------------------------------------------------------------
# Templates
# ---------------------------------------------------------------------------


def template_spec_problem(spec: Any, aspect: str | None, resolution: str | None) -> str | None:
    """The first problem of a template, or None (private.template_spec_problem)."""
    if aspect not in ASPECTS:
        return "aspect: must be one of 9:16, 16:9, 1:1, 4:5"
    if resolution is None or not RESOLUTION.fullmatch(resolution):
        return "resolution: must be WIDTHxHEIGHT in pixels, e.g. 1080x1920"
    width, height = (int(p) for p in resolution.split("x"))
    aspect_w, aspect_h = (int(p) for p in aspect.split(":"))
    if abs(width * aspect_h - height * aspect_w) > 0.01 * width * aspect_h:
        return f"resolution: {resolution} does not match aspect {aspect}"
    if _type(spec) != "object":
        return "spec: must be an object"
    for field in sorted(spec, key=str.encode):
        if field not in SPEC_FIELDS:
            return f"spec.{field}: unknown field (tracks, overlays, placeholders, rules, subtitle_style_presets)"
    tracks = _get(spec, "tracks")
    if _type(tracks) != "array" or not tracks:
        return "tracks: a non-empty array of tracks is required"
    if len(tracks) > 50:
        return "tracks: at most 50 tracks"
    track_ids: list[str] = []
    overlay_tracks: list[str] = []
    has_video = False
    for i, track in enumerate(tracks):
        label = f"tracks[{i}]"
        if _type(track) != "object":
            return f"{label}: must be an object"
        track_id = _get(track, "id")
        if _type(track_id) != "string" or not ID.fullmatch(track_id):
            return f"{label}.id: must be 1-64 letters, digits, _ or -"
        label = f'tracks[{i}] "{track_id}"'
        if track_id in track_ids:
            return f"{label}.id: duplicate track id"
        track_ids.append(track_id)
        kind = _get(track, "type")
        if _type(kind) != "string" or kind not in TRACK_TYPES:
            return f"{label}.type: must be one of video, audio, subtitle, overlay, image"
        z = _get(track, "z")
        if z is not _MISSING and not (_number(z) is not None and float(z).is_integer() and 0 <= z <= 1000):
            return f"{label}.z: must be an integer from 0 to 1000"
        style = _get(track, "style")
        if style is not _MISSING and _type(style) != "object":
            return f"{label}.style: must be an object"
        has_video = has_video or kind == "video"
        if kind == "overlay":
            overlay_tracks.append(track_id)
    if not has_video:
        return "tracks: a video track is required"
    overlays = _get(spec, "overlays")
    if overlays is not _MISSING:
        if _type(overlays) != "array":
            return "overlays: must be an array"
        for i, overlay in enumerate(overlays):
            label = f"overlays[{i}]"
            if _type(overlay) != "object":
                return f"{label}: must be an object"
            track = _get(overlay, "track")
            if _type(track) != "string" or track not in overlay_tracks:
                return f"{label}.track: {_json(track)} is not an overlay track"
            start, end = _number(_get(overlay, "from")), _number(_get(overlay, "to"))
            if start is None or start < 0:
                return f"{label}.from: must be a number of seconds >= 0"
            if end is None or end <= start:
                return f"{label}.to: must be a number of seconds after from"
            content = _get(overlay, "content")
            if _type(content) != "object":
                return f"{label}.content: must be an object"
            content_type = _get(content, "type")
            if _type(content_type) != "string" or content_type not in ("text", "image"):
                return f"{label}.content.type: must be text or image"
            text = _get(content, "text")
            if content_type == "text" and (_type(text) != "string" or not text.strip(" ")):
                return f"{label}.content.text: required for a text overlay"
    placeholders = _get(spec, "placeholders")
    if placeholders is not _MISSING:
        if _type(placeholders) != "object":
            return "placeholders: must be an object"
        for name in sorted(placeholders, key=str.encode):
            if not NAME.fullmatch(name):
                return f"placeholders.{name}: name must be a letter or _ then up to 63 letters, digits or _"
            value = placeholders[name]
            if _type(value) != "string" or not PLACEHOLDER_TYPE.fullmatch(value):
                return f"placeholders.{name}: type must be image, audio, video or text, optionally with _optional"
    rules = _get(spec, "rules")
    if rules is not _MISSING:
        if _type(rules) != "object":
            return "rules: must be an object"
        cuts = _get(rules, "cuts")
        if cuts is not _MISSING and (_type(cuts) != "string" or cuts not in CUTS):
            return "rules.cuts: must be one of " + ", ".join(CUTS)
        min_scene = None
        if _get(rules, "min_scene") is not _MISSING:
            min_scene = _number(rules["min_scene"])
            if min_scene is None or min_scene <= 0:
                return "rules.min_scene: must be a number of seconds > 0"
        if _get(rules, "max_scene") is not _MISSING:
            max_scene = _number(rules["max_scene"])
            if max_scene is None or max_scene <= 0 or max_scene < (min_scene or 0):
                return "rules.max_scene: must be a number of seconds > 0 and >= rules.min_scene"
    presets = _get(spec, "subtitle_style_presets")
    if presets is not _MISSING and (_type(presets) != "array" or any(_type(p) != "string" for p in presets)):
        return "subtitle_style_presets: must be an array of names"
    return None


def _problem(problem: str | None) -> None:
    if problem is not None:
        raise PydanticCustomError("invalid", "{problem}", {"problem": problem})


class Track(BaseModel):
    id: str
    type: Literal["video", "audio", "subtitle", "overlay", "image"]
    z: int = 0
    style: dict[str, Any] = Field(default_factory=dict)


class Overlay(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    track: str
    start: float = Field(alias="from")
    end: float = Field(alias="to")
    content: dict[str, Any]


class Rules(BaseModel):
    cuts: str | None = None
    min_scene: float | None = None
    max_scene: float | None = None


class TemplateSpec(BaseModel):
    tracks: list[Track]
    overlays: list[Overlay] = Field(default_factory=list)
    placeholders: dict[str, str] = Field(default_factory=dict)
    rules: Rules = Field(default_factory=Rules)
    subtitle_style_presets: list[str] = Field(default_factory=list)

    def required_placeholders(self) -> dict[str, str]:
        return {k: v for k, v in self.placeholders.items() if not v.endswith("_optional")}


class Template(BaseModel):
    """A template as stored in public.templates: the spec checked with aspect and resolution."""

    name: str = Field(min_length=1, max_length=200)
    aspect: str
    resolution: str
    spec: TemplateSpec

    @model_validator(mode="before")
    @classmethod
    def _rules(cls, data: Any) -> Any:
        if isinstance(data, dict):
            problem = template_spec_problem(data.get("spec", _MISSING), data.get("aspect"), data.get("resolution"))
            _problem(problem and f'template "{data.get("name")}": {problem}')
        return data

    @property
    def size(self) -> tuple[int, int]:
        width, height = self.resolution.split("x")
        return int(width), int(height)


# ---------------------------------------------------------------------------
# Workflow graphs
# ---------------------------------------------------------------------------


def _label(node: dict[str, Any]) -> str:
    return f"node {_text(_get(node, 'id')) or ''} ({_text(_get(node, 'type')) or ''})"


def workflow_graph_problem(
    graph: Any, variables: Any, templates: Mapping[str, Mapping[str, Any]] | None = None
) -> str | None:
    """The first problem of a graph with its variables, or None (private.workflow_graph_problem).
    `templates` maps template ids to {"name", "spec"}: the templates the organization may use."""
    templates = {str(k).lower(): v for k, v in (templates or {}).items()}
    if _type(graph) != "object":
        return "graph: must be an object"
    nodes = _get(graph, "nodes")
    edges = graph.get("edges", [])
    if _type(nodes) != "array" or not nodes:
        return "graph.nodes: a non-empty array of nodes is required"
    if len(nodes) > 100:
        return "graph.nodes: at most 100 nodes"
    if _type(edges) != "array":
        return "graph.edges: must be an array"
    if len(edges) > 400:
        return "graph.edges: at most 400 edges"
    if _type(variables) != "object":
        return "variables: must be an object"
    for name in sorted(variables, key=str.encode):
        if not NAME.fullmatch(name):
            return f"variables.{name}: name must be a letter or _ then up to 63 letters, digits or _"
        if _type(variables[name]) not in ("string", "null"):
            return f"variables.{name}: must be a string, or null to be given when the workflow runs"
    types: dict[str, NodeType] = {}
    for i, node in enumerate(nodes):
        if _type(node) != "object":
            return f"graph.nodes[{i}]: must be an object"
        node_id = _get(node, "id")
        if _type(node_id) != "string" or not ID.fullmatch(node_id):
            return f"graph.nodes[{i}].id: must be 1-64 letters, digits, _ or -"
        if node_id in types:
            return f"node {node_id}: id: duplicate node id"
        node_type = NODE_TYPES.get(_text(_get(node, "type")) or "")
        if node_type is None:
            return f"node {node_id}: type: unknown node type {_json(_get(node, 'type'))}"
        types[node_id] = node_type
        if _get(node, "params") is not _MISSING and _type(node["params"]) != "object":
            return f"{_label(node)}: params: must be an object"
    edge_ids: list[str] = []
    connected: dict[str, str] = {}
    for i, edge in enumerate(edges):
        if _type(edge) != "object":
            return f"graph.edges[{i}]: must be an object"
        edge_id = _get(edge, "id")
        if _type(edge_id) != "string" or not ID.fullmatch(edge_id):
            return f"graph.edges[{i}].id: must be 1-64 letters, digits, _ or -"
        label = f"edge {edge_id}"
        if edge_id in edge_ids:
            return f"{label}: id: duplicate edge id"
        edge_ids.append(edge_id)
        source, target = _get(edge, "from"), _get(edge, "to")
        if _type(source) != "string" or source not in types:
            return f"{label}: from: no node {_json(source)}"
        if _type(target) != "string" or target not in types:
            return f"{label}: to: no node {_json(target)}"
        from_type, to_type = types[source], types[target]
        from_name = next(n["type"] for n in nodes if n["id"] == source)
        to_name = next(n["type"] for n in nodes if n["id"] == target)
        from_port = _text(_get(edge, "fromPort"))
        if from_port is None or from_port == "output":
            from_port = sorted(from_type.outputs, key=str.encode)[0]
        if from_port not in from_type.outputs:
            return f'{label}: fromPort: node {source} ({from_name}) has no output port "{from_port}"'
        out_type = from_type.outputs[from_port]
        to_port = _text(_get(edge, "toPort"))
        if to_port is None or to_port == "input":
            to_port = next((p for p in sorted(to_type.inputs, key=str.encode) if out_type in to_type.inputs[p].types),
                           None)  # fmt: skip
            if to_port is None:
                return f"{label}: to: node {target} ({to_name}) has no input port for {out_type} (from {source})"
        port = to_type.inputs.get(to_port)
        if port is None:
            return f'{label}: toPort: node {target} ({to_name}) has no input port "{to_port}"'
        if out_type not in port.types:
            return (f'{label}: toPort: node {target} ({to_name}) input "{to_port}" takes '
                    f"{' or '.join(port.types)}, not {out_type} (from {source})")  # fmt: skip
        key = f"{target}/{to_port}"
        if key in connected and not port.many:
            return (f'{label}: toPort: node {target} ({to_name}) input "{to_port}" is already connected '
                    f"(edge {connected[key]})")  # fmt: skip
        connected[key] = edge_id
    for node in nodes:
        for name in sorted(types[node["id"]].inputs, key=str.encode):
            if types[node["id"]].inputs[name].required and f"{node['id']}/{name}" not in connected:
                return f"{_label(node)}: inputs.{name}: required input is not connected"
    remaining: list[str | None] = [n["id"] for n in nodes]
    while True:
        changed = False
        for n, node_id in enumerate(remaining):
            if node_id is None:
                continue
            alive = set(remaining)
            if not any(e["to"] == node_id and e["from"] in alive for e in edges) or not any(
                e["from"] == node_id and e["to"] in alive for e in edges
            ):
                remaining[n] = None
                changed = True
        remaining = [r for r in remaining if r is not None]
        if not changed:
            break
    if remaining:
        node = next(n for n in nodes if n["id"] == remaining[0])
        return f"{_label(node)}: edges: part of a cycle ({', '.join(remaining)})"  # type: ignore[arg-type]
    renders = 0
    for node in nodes:
        node_type = types[node["id"]]
        params = node.get("params", {})
        for required in node_type.required_params:
            alternative = required.split("|")
            if not any(isinstance(params.get(a), str) and params[a].strip(" ") for a in alternative):
                what = ("params." + " or params.".join(alternative) + " is" if len(alternative) > 1
                        else "a non-empty string is")  # fmt: skip
                return f"{_label(node)}: params.{alternative[0]}: {what} required"
        for path, name in placeholders_in(params):
            if name not in variables:
                return f"{_label(node)}: {path}: placeholder {{{{{name}}}}} is not a workflow variable"
        if node["type"] == "Output.Render":
            renders += 1
        if "template_id" in params:
            if node["type"] != "Edit.Timeline":
                return f"{_label(node)}: params.template_id: only Edit.Timeline nodes use templates"
            template_id = _text(params["template_id"]) or ""
            template = templates.get(template_id.lower()) if re.fullmatch(r"[0-9a-fA-F-]{36}", template_id) else None
            if template is None:
                return f"{_label(node)}: params.template_id: no template {_json(params['template_id'])}"
            filled = params.get("placeholders", _MISSING)
            if filled is not _MISSING and _type(filled) != "object":
                return f"{_label(node)}: params.placeholders: must be an object"
            filled = {} if filled is _MISSING else filled
            wanted = (template.get("spec") or {}).get("placeholders") or {}
            for name in sorted(wanted, key=str.encode):
                value = filled.get(name, _MISSING)
                if not wanted[name].endswith("_optional") and (_type(value) != "string" or not value.strip(" ")):
                    return (f'{_label(node)}: params.placeholders.{name}: required by template "{template["name"]}" '
                            f"({wanted[name]})")  # fmt: skip
            for name in sorted(filled, key=str.encode):
                if name not in wanted:
                    return (f"{_label(node)}: params.placeholders.{name}: template "
                            f'"{template["name"]}" has no placeholder {name}')  # fmt: skip
    if renders != 1:
        return f"graph: exactly one Output.Render node is required (found {renders})"
    return None


def fill_placeholders(node: dict[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """The node's params with every {{name}} replaced (private.fill_placeholders); a
    placeholder without a value is a ValueError naming the node and the field."""
    params = node.get("params", {})
    for path, name in placeholders_in(params):
        if not isinstance(values.get(name), str):
            raise ValueError(f"{_label(node)}: {path}: placeholder {{{{{name}}}}} is not filled")

    def fill(value: Any) -> Any:
        if isinstance(value, str):
            return PLACEHOLDER.sub(lambda m: values[m[1]], value)
        if isinstance(value, dict):
            return {k: fill(v) for k, v in value.items()}
        if isinstance(value, list):
            return [fill(v) for v in value]
        return value

    return fill(params)


class Node(BaseModel):
    id: str
    type: str
    params: dict[str, Any] = Field(default_factory=dict)
    position: dict[str, Any] | None = None


class Edge(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: str
    source: str = Field(alias="from")
    target: str = Field(alias="to")
    from_port: str | None = Field(default=None, alias="fromPort")
    to_port: str | None = Field(default=None, alias="toPort")


class Graph(BaseModel):
    nodes: list[Node]
    edges: list[Edge] = Field(default_factory=list)


class Workflow(BaseModel):
    """A workflow as stored in public.workflows. Validate with
    `Workflow.model_validate(data, context={"templates": {id: {"name", "spec"}}})` to check
    the templates its Edit.Timeline nodes use."""

    name: str = Field(min_length=1, max_length=200)
    graph: Graph
    variables: dict[str, str | None] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _rules(cls, data: Any, info: ValidationInfo) -> Any:
        if isinstance(data, dict):
            templates = (info.context or {}).get("templates")
            problem = workflow_graph_problem(data.get("graph", _MISSING), data.get("variables", {}), templates)
            _problem(problem and f'workflow "{data.get("name")}": {problem}')
        return data
