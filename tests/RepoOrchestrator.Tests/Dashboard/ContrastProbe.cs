namespace RepoOrchestrator.Tests.Dashboard;

/// <summary>
/// A page script listing every visible text whose colour against its nearest opaque background is below the
/// WCAG AA ratio for normal text (4.5:1). Disabled controls are exempt, as WCAG allows.
/// </summary>
public static class ContrastProbe
{
    public const string Script = """
        () => {
          const parse = (css) => {
            const m = /rgba?\(([^)]+)\)/.exec(css);
            if (!m) return null;
            const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
            return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
          };
          const lum = ({ r, g, b }) => {
            const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
            return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
          };
          const background = (el) => {
            for (let e = el; e; e = e.parentElement) {
              const c = parse(getComputedStyle(e).backgroundColor);
              if (c && c.a > 0.5) return c;
            }
            return parse(getComputedStyle(document.documentElement).backgroundColor) ?? { r: 255, g: 255, b: 255, a: 1 };
          };
          const failures = [];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) {
            const node = walker.currentNode;
            const el = node.parentElement;
            if (!el || node.textContent.trim() === '' || el.closest('[hidden], dialog:not([open]), :disabled, option, .skip-link')) continue;
            if (el.getClientRects().length === 0 || getComputedStyle(el).visibility === 'hidden') continue;
            const fg = parse(getComputedStyle(el).color);
            const bg = background(el);
            const [x, y] = [lum(fg) + 0.05, lum(bg) + 0.05];
            const ratio = Math.max(x, y) / Math.min(x, y);
            if (ratio < 4.5) failures.push(`${ratio.toFixed(2)}:1 <${el.tagName.toLowerCase()} class="${el.className}"> ${node.textContent.trim().slice(0, 40)}`);
          }
          return failures;
        }
        """;
}
