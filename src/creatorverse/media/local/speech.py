"""Speech with espeak-ng, from the library and voices the `espeakng-loader` wheel ships (no
system install). The library is process-global and not thread-safe: one lock serializes
synthesis, which runs in a thread so the event loop keeps going."""

from __future__ import annotations

import ctypes
import re
import threading
import wave
from pathlib import Path

import espeakng_loader

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_RATE_PARAMETER = 1
_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")


def detect_language(text: str) -> str:
    return "ko" if _HANGUL.search(text) else "en"


class _Espeak:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.lib = ctypes.CDLL(espeakng_loader.get_library_path())
        self.lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        self.lib.espeak_Synth.argtypes = [
            ctypes.c_char_p,
            ctypes.c_size_t,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_uint,
            ctypes.c_uint,
            ctypes.c_void_p,
            ctypes.c_void_p,
        ]
        self.lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        self.sample_rate = self.lib.espeak_Initialize(
            _AUDIO_OUTPUT_SYNCHRONOUS, 0, espeakng_loader.get_data_path().encode(), 0
        )
        if self.sample_rate <= 0:
            raise RuntimeError("espeak-ng could not be initialized")
        self.buffer = bytearray()
        self.callback = _CALLBACK(self._collect)  # kept referenced: the library calls it
        self.lib.espeak_SetSynthCallback(self.callback)

    def _collect(self, samples, count, events) -> int:
        if count > 0 and samples:
            self.buffer.extend(ctypes.string_at(samples, count * 2))
        return 0

    def synthesize(self, text: str, voice: str, words_per_minute: int) -> bytes:
        with self.lock:
            if self.lib.espeak_SetVoiceByName(voice.encode()) != 0:
                raise ValueError(f"espeak-ng has no voice {voice!r}")
            self.lib.espeak_SetParameter(_RATE_PARAMETER, words_per_minute, 0)
            self.buffer = bytearray()
            data = text.encode()
            status = self.lib.espeak_Synth(data, len(data) + 1, 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None)
            self.lib.espeak_Synchronize()
            if status != 0:
                raise RuntimeError(f"espeak-ng failed with status {status}")
            return bytes(self.buffer)


_engine: _Espeak | None = None
_engine_lock = threading.Lock()


def engine() -> _Espeak:
    global _engine
    with _engine_lock:
        if _engine is None:
            _engine = _Espeak()
        return _engine


def language_runs(text: str) -> list[tuple[str, str]]:
    """The text cut where it changes between Korean and English sentences: (voice, text)."""
    runs: list[tuple[str, str]] = []
    for sentence in re.split(r"(?<=[.!?。])\s+", text.strip()):
        if not sentence:
            continue
        voice = detect_language(sentence)
        if runs and runs[-1][0] == voice:
            runs[-1] = (voice, f"{runs[-1][1]} {sentence}")
        else:
            runs.append((voice, sentence))
    return runs


def synthesize_wav(text: str, path: Path, *, voice: str | None = None, words_per_minute: int = 165) -> float:
    """Writes 16-bit mono WAV to `path`; returns its duration in seconds. Without a voice,
    each sentence is spoken by the voice of its language (English or Korean)."""
    espeak = engine()
    runs = [(voice, text)] if voice else language_runs(text)
    pcm = b"".join(espeak.synthesize(part, part_voice, words_per_minute) for part_voice, part in runs)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(espeak.sample_rate)
        out.writeframes(pcm)
    return len(pcm) / 2 / espeak.sample_rate
