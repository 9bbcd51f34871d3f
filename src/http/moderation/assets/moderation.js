// Served as is at /moderation/enhance.js (plain JavaScript, outside the page bundle so the
// article bundle stays within its budget). Written from the TypeScript it replaced; keep it small.
const root = document.getElementById("parley-moderation");
function items() {
  return [...document.querySelectorAll(".mod-item[data-comment]")];
}
function current() {
  const active = document.activeElement;
  return active?.closest(".mod-item[data-comment]") ?? items()[0] ?? null;
}
function move(step) {
  const list = items();
  if (list.length === 0) return;
  const at = list.indexOf(current() ?? list[0]);
  const next = list[Math.max(0, Math.min(list.length - 1, at + step))];
  next.focus();
  next.scrollIntoView({ block: "nearest" });
}
function announce(text) {
  const live = document.getElementById("mod-live");
  if (live) live.textContent = text;
}
function onKey(e) {
  if (e.altKey || e.ctrlKey || e.metaKey) return;
  const target = e.target;
  if (target.closest('input, textarea, select, [contenteditable="true"]')) return;
  const item = current();
  switch (e.key) {
    case "j":
      move(1);
      break;
    case "k":
      move(-1);
      break;
    case "x": {
      const box = item?.querySelector(".mod-select");
      if (box) box.checked = !box.checked;
      break;
    }
    case "r": {
      const select = item?.querySelector(".mod-reject select");
      if (select) {
        select.focus();
        announce("Choose a reason, then press Enter on Reject.");
      }
      break;
    }
    case "o":
    case "a":
    case "s":
    case "f":
    case "p": {
      const el = item?.querySelector(`[data-shortcut="${e.key}"]`);
      if (!el) return;
      el.click();
      break;
    }
    default:
      return;
  }
  e.preventDefault();
}
async function refreshCounts() {
  try {
    const res = await fetch("/api/v1/moderation/counts", { headers: { accept: "application/json" }, credentials: "same-origin" });
    if (!res.ok) return;
    const counts = await res.json();
    for (const el of document.querySelectorAll("[data-count]")) {
      const n = counts[el.dataset.count ?? ""];
      if (n !== void 0 && el.textContent !== String(n)) el.textContent = String(n);
    }
  } catch {
  }
}
if (root) {
  document.addEventListener("keydown", onKey);
  root.dataset.enhanced = "true";
  setInterval(() => void refreshCounts(), 1e4);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") void refreshCounts();
  });
}
