"""Storyboard frames drawn with Pillow from a scene: a sky graded by time of day and tinted
with the brand's colors, a horizon and ground, the location's silhouette, one figure per
character (colored from the palette, named), and a title band in the brand's heading font.
Deterministic: the same scene and style give the same pixels."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from creatorverse.media.models import BrandStyle, SceneSpec

_SKY = {
    "dawn": ((255, 183, 148), (120, 110, 170)),
    "morning": ((173, 216, 240), (255, 236, 200)),
    "day": ((110, 170, 235), (200, 228, 250)),
    "afternoon": ((120, 170, 220), (250, 220, 170)),
    "evening": ((70, 60, 120), (245, 140, 90)),
    "night": ((12, 16, 40), (40, 50, 90)),
}
_FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts")


def _rgb(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


@lru_cache(maxsize=64)
def _font_file(name: str | None) -> str | None:
    """A TrueType file whose name matches `name` (spaces ignored), else DejaVu Sans."""
    wanted = [n.replace(" ", "").lower() for n in (name, "DejaVuSans") if n]
    files = [p for d in _FONT_DIRS if d.is_dir() for p in d.rglob("*.[ot]tf")]
    for target in wanted:
        for path in sorted(files):
            if path.stem.replace("-", "").lower() in (target, f"{target}regular", f"{target}book"):
                return str(path)
    return None


def font(name: str | None, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = _font_file(name)
    return ImageFont.truetype(path, size) if path else ImageFont.load_default(size)


def _seed(scene: SceneSpec) -> int:
    return int.from_bytes(hashlib.sha256(scene.model_dump_json().encode()).digest()[:4], "big")


def draw_frame(scene: SceneSpec, style: BrandStyle, width: int, height: int) -> Image.Image:
    palette = [_rgb(c) for c in style.colors]
    top, bottom = _SKY.get(scene.time_of_day or "day", _SKY["day"])
    top, bottom = _mix(top, palette[0], 0.25), _mix(bottom, palette[-1], 0.2)
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    horizon = int(height * 0.62)
    for y in range(horizon):
        draw.line([(0, y), (width, y)], fill=_mix(top, bottom, y / max(1, horizon - 1)))
    seed = _seed(scene)
    # the location's silhouette: hills (outdoors) or a room's back wall and window (indoors)
    indoor = bool(scene.title and scene.title.upper().startswith("INT"))
    if indoor:
        draw.rectangle([0, 0, width, horizon], fill=_mix(palette[0], (230, 220, 200), 0.6))
        wx = int(width * (0.15 + (seed % 50) / 100))
        draw.rectangle([wx, int(height * 0.15), wx + width // 5, int(height * 0.42)], fill=_mix(top, bottom, 0.5))
        draw.rectangle([wx, int(height * 0.15), wx + width // 5, int(height * 0.42)], outline=palette[0], width=2)
    else:
        for i in range(3):
            cx = (seed >> (i * 5)) % width
            radius = width // (3 + i)
            draw.ellipse(
                [cx - radius, horizon - radius // 2, cx + radius, horizon + radius // 2],
                fill=_mix(palette[0], bottom, 0.3 + 0.2 * i),
            )
        if scene.time_of_day in ("night", "evening"):
            draw.ellipse([width * 0.8, height * 0.08, width * 0.8 + height * 0.1, height * 0.18], fill=(245, 240, 220))
        else:
            draw.ellipse(
                [width * 0.78, height * 0.08, width * 0.78 + height * 0.14, height * 0.22], fill=(255, 225, 120)
            )
    ground = _mix(palette[min(1, len(palette) - 1)], (60, 60, 60), 0.55)
    draw.rectangle([0, horizon, width, height], fill=ground)
    # one figure per character, spaced across the frame, named under the feet
    label_font = font(style.body_font, max(8, height // 14))
    count = len(scene.characters)
    for i, character in enumerate(scene.characters):
        x = int(width * (i + 1) / (count + 1))
        color = palette[(i + 1) % len(palette)]
        body_h = int(height * 0.28)
        head = max(3, body_h // 5)
        feet = int(height * 0.86)
        draw.rounded_rectangle([x - head, feet - body_h, x + head, feet], radius=head // 2, fill=color)
        draw.ellipse(
            [x - head, feet - body_h - 2 * head, x + head, feet - body_h], fill=_mix(color, (255, 230, 200), 0.6)
        )
        draw.text((x, feet + 2), character.name, fill=(255, 255, 255), font=label_font, anchor="ma")
    # title band in the heading font, brand accent stripe
    band = max(10, height // 7)
    draw.rectangle([0, 0, width, band], fill=_mix(palette[0], (0, 0, 0), 0.35))
    draw.rectangle([0, band, width, band + max(1, height // 60)], fill=palette[min(1, len(palette) - 1)])
    title = scene.title or f"Scene {scene.number}"
    draw.text(
        (max(2, width // 40), band // 2),
        title,
        fill=(255, 255, 255),
        font=font(style.heading_font, band * 2 // 3),
        anchor="lm",
    )
    return image


def write_frame(scene: SceneSpec, style: BrandStyle, width: int, height: int, path: Path) -> Path:
    draw_frame(scene, style, width, height).save(path, format="PNG")
    return path
