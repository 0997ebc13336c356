/**
 * Text for pdflatex: every character that LaTeX treats specially escaped (`\ { } $ & # _ % ~ ^`),
 * and the Unicode the records use in prose (∂, Σ, ·, −, θ, ≠, ², ₀ …) written as LaTeX commands,
 * since pdflatex reads only what its input encoding declares. Anything else non-ASCII becomes `?`.
 */

const SPECIAL: Record<string, string> = {
  "\\": "\\textbackslash{}",
  "{": "\\{",
  "}": "\\}",
  $: "\\$",
  "&": "\\&",
  "#": "\\#",
  _: "\\_",
  "%": "\\%",
  "~": "\\textasciitilde{}",
  "^": "\\textasciicircum{}",
  "<": "\\textless{}",
  ">": "\\textgreater{}",
  "|": "\\textbar{}",
};

const MATH: Record<string, string> = {
  "∂": "\\partial",
  Σ: "\\Sigma",
  "·": "\\cdot",
  "−": "-",
  "≠": "\\neq",
  "≤": "\\leq",
  "≥": "\\geq",
  "≡": "\\equiv",
  "≈": "\\approx",
  "→": "\\to",
  "←": "\\leftarrow",
  "⇒": "\\Rightarrow",
  "×": "\\times",
  "∫": "\\int",
  "∇": "\\nabla",
  "∈": "\\in",
  "√": "\\surd",
  "∞": "\\infty",
  "⁻": "^{-}",
  "¹": "^{1}",
  "²": "^{2}",
  "³": "^{3}",
  "⁴": "^{4}",
  ᵀ: "^{T}",
  "₀": "_{0}",
  "₁": "_{1}",
  "₂": "_{2}",
  "₃": "_{3}",
  ᵢ: "_{i}",
  ⱼ: "_{j}",
  "±": "\\pm",
  "∘": "\\circ",
  "′": "'",
  "½": "\\tfrac{1}{2}",
  "↦": "\\mapsto",
  "⟶": "\\longrightarrow",
  "∀": "\\forall",
  "∃": "\\exists",
  "∑": "\\sum",
  "∏": "\\prod",
  "⋅": "\\cdot",
  ℓ: "\\ell",
  ħ: "\\hbar",
  "°": "^{\\circ}",
  "∝": "\\propto",
  "∼": "\\sim",
  "≪": "\\ll",
  "≫": "\\gg",
  "⊗": "\\otimes",
  "⁰": "^{0}",
  "⁵": "^{5}",
  "⁶": "^{6}",
  ⁿ: "^{n}",
  "₄": "_{4}",
  ₖ: "_{k}",
  ₙ: "_{n}",
  ℒ: "\\mathcal{L}",
  ℝ: "\\mathbb{R}",
  "⇔": "\\Leftrightarrow",
  "⇐": "\\Leftarrow",
  "⪰": "\\succeq",
  "⪯": "\\preceq",
  ϵ: "\\epsilon",
  "≔": ":=",
  "↔": "\\leftrightarrow",
  "≢": "\\not\\equiv",
  "‖": "\\|",
  ᵃ: "^{a}",
};

const GREEK =
  "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma sigma tau upsilon phi chi psi omega".split(
    " ",
  );
const UPPER: Record<string, string> = {
  Γ: "Gamma",
  Δ: "Delta",
  Θ: "Theta",
  Λ: "Lambda",
  Ξ: "Xi",
  Π: "Pi",
  Φ: "Phi",
  Ψ: "Psi",
  Ω: "Omega",
};
for (let i = 0; i < 25; i++) {
  const name = GREEK[i];
  if (name !== "omicron") MATH[String.fromCodePoint(0x3b1 + i)] = `\\${name}`;
}
MATH["ς"] = "\\varsigma";
MATH["ο"] = "o";
MATH["ϕ"] = "\\phi";
for (const [c, name] of Object.entries(UPPER)) MATH[c] = `\\${name}`;

const TEXT: Record<string, string> = {
  "–": "--",
  "—": "---",
  "“": "``",
  "”": "''",
  "‘": "`",
  "’": "'",
  "…": "\\ldots{}",
  é: "\\'e",
  è: "\\`e",
  ö: '\\"o',
  ü: '\\"u',
  ä: '\\"a',
  "\u00a0": "~",
};

/** The math-mode LaTeX of a Unicode character of the records' prose (`θ` → `\\theta`), if any. */
export const mathOf = (ch: string): string | undefined => MATH[ch];

/** Combining accents written as math accents on the letter before them (x̄ is \bar{x}). */
const ACCENTS: Record<string, string> = { "\u0304": "bar", "\u0302": "hat", "\u0303": "tilde" };

/**
 * `s` as LaTeX text (outside math), every special character escaped; a letter with a combining
 * bar, hat or tilde (x̄, θ̂) becomes the math accent, other combining accents are dropped.
 */
export function texEscape(s: string): string {
  let out = "";
  const chars = [...s];
  for (const [i, ch] of chars.entries()) {
    const accent = ACCENTS[chars[i + 1] ?? ""];
    const base = /^[A-Za-z]$/.test(ch) ? ch : MATH[ch];
    if (accent && base !== undefined) out += `\\ensuremath{\\${accent}{${base}}}`;
    else if (SPECIAL[ch] !== undefined) out += SPECIAL[ch];
    else if (MATH[ch] !== undefined) out += `\\ensuremath{${MATH[ch]}}`;
    else if (TEXT[ch] !== undefined) out += TEXT[ch];
    else if (/[\u0300-\u036f]/.test(ch))
      continue; // a combining accent: dropped
    else if (ch.charCodeAt(0) > 126 || (ch < " " && ch !== "\n")) out += "?";
    else out += ch;
  }
  return out;
}

/** Whether every character of `s` has a LaTeX rendering (no `?` fallback). */
export const texRepresentable = (s: string): boolean =>
  [...s].every(
    (ch) =>
      ch.charCodeAt(0) <= 126 ||
      MATH[ch] !== undefined ||
      TEXT[ch] !== undefined ||
      /[\u0300-\u036f]/.test(ch),
  );
