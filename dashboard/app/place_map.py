"""The briefing's map on the page: its SVG (dashboard.geo.deck_svg) in a small component that
shows a place's tooltip under the pointer (or on keyboard focus) and reports the place clicked.

A Streamlit custom component of the second kind (`st.components.v2`): no iframe and no bundle,
some forty lines of JavaScript run in the page, against deck.gl's 3 MB started in software WebGL.
A click (or Enter on a focused place) sets the trigger `clicked` to the place's code for one run
of the script; `show` returns it.
"""

from __future__ import annotations

import streamlit as st

_CSS = """
.gd-map { position: relative; line-height: 0; }
.gd-map svg { display: block; width: 100%; height: auto; }
.gd-map .pick { cursor: pointer; outline: none; }
/* a place of one colour (or an invisible hover target) lights up as the deck's highlight;
   a place in a colour of its own (a class of the workload map) keeps it, brighter */
.gd-map path.pick:not([fill]):hover, .gd-map path.pick:not([fill]):focus-visible,
.gd-map circle.pick:hover, .gd-map circle.pick:focus-visible { fill: var(--gd-hover); }
.gd-map path.pick[fill]:hover, .gd-map path.pick[fill]:focus-visible { filter: brightness(1.12); }
.gd-map .pick:focus-visible { stroke: #ecf2fa; stroke-width: 2; }
.gd-map image, .gd-map text, .gd-map path:not(.pick) { pointer-events: none; }
.gd-tip {
  position: absolute; display: none; pointer-events: none; z-index: 2;
  padding: 8px 10px; border-radius: 4px; line-height: 1.35; max-width: 320px;
  box-shadow: 0 2px 8px rgba(0, 0, 0, 0.35);
}
"""

_JS = """
export default function ({ parentElement, data, setTriggerValue }) {
  const root = parentElement.querySelector(".gd-map");
  root.innerHTML = data.svg;
  const tip = document.createElement("div");
  tip.className = "gd-tip";
  Object.assign(tip.style, data.tip_style || {});
  tip.setAttribute("role", "tooltip");
  root.appendChild(tip);
  const place = (el) => (el && el.closest ? el.closest(".pick") : null);
  const show = (el, x, y) => {
    tip.innerHTML = el.dataset.tip;
    tip.style.display = "block";
    const box = root.getBoundingClientRect();
    const left = x - box.left + 14, top = y - box.top + 14;
    tip.style.left = Math.max(0, Math.min(left, box.width - tip.offsetWidth - 4)) + "px";
    tip.style.top = (top + tip.offsetHeight > box.height ? top - tip.offsetHeight - 24 : top) + "px";
  };
  const hide = () => { tip.style.display = "none"; };
  const move = (e) => {
    const el = place(e.target);
    if (el) show(el, e.clientX, e.clientY); else hide();
  };
  const choose = (el) => { if (el) setTriggerValue("clicked", el.dataset.code); };
  const click = (e) => choose(place(e.target));
  const key = (e) => {
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); choose(place(e.target)); }
  };
  const focus = (e) => {
    const el = place(e.target);
    if (!el) return;
    const r = el.getBoundingClientRect();
    show(el, r.left + r.width / 2, r.top + r.height / 2);
  };
  root.addEventListener("pointermove", move);
  root.addEventListener("pointerleave", hide);
  root.addEventListener("click", click);
  root.addEventListener("keydown", key);
  root.addEventListener("focusin", focus);
  root.addEventListener("focusout", hide);
  return () => {
    root.removeEventListener("pointermove", move);
    root.removeEventListener("pointerleave", hide);
    root.removeEventListener("click", click);
    root.removeEventListener("keydown", key);
    root.removeEventListener("focusin", focus);
    root.removeEventListener("focusout", hide);
  };
}
"""

_COMPONENT = st.components.v2.component(
    "griddash_place_map", html='<div class="gd-map"></div>', css=_CSS, js=_JS
)


def _no_callback() -> None:
    """The trigger's callback: the page reads the clicked code from show's result instead."""


def show(svg: str, tip_style: dict, *, key: str) -> str | None:
    """Show a map's SVG (deck_svg.svg), its tooltips styled by tip_style (CSS properties in
    camelCase, as a pydeck tooltip's "style"); the code of the place clicked in the run that
    follows the click, else None."""
    result = _COMPONENT(
        data={"svg": svg, "tip_style": tip_style}, key=key, on_clicked_change=_no_callback
    )
    code = getattr(result, "clicked", None)
    return code if isinstance(code, str) and code.isdigit() else None
