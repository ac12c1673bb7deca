// Self-contained HTML snapshot of an Attribution: inline CSS, no scripts, every piece of text
// escaped. Colours come from a diverging blue/orange scale (ColorBrewer PuOr ends), which stays
// distinguishable under the common colour-vision deficiencies, unlike red/green.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "iglens/explain_result.h"
#include "utf8_sanitize.h"

namespace iglens {

std::string html_escape(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

namespace {

std::string escaped(const std::string& text) { return html_escape(sanitize_utf8(text)); }

std::string format_number(double value, int digits = 4) {
    if (!std::isfinite(value)) return "n/a";
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*g", digits, value);
    return buffer;
}

// Background for a display value in [-1, 1]: white at 0, blue (#2166ac) for support, orange
// (#e66101) for opposition.
std::string colour_style(double value) {
    if (!std::isfinite(value)) value = 0.0;
    const double strength = std::min(1.0, std::fabs(value));
    const int positive[3] = {33, 102, 172};
    const int negative[3] = {230, 97, 1};
    const int* end = value >= 0 ? positive : negative;
    int rgb[3];
    for (int i = 0; i < 3; ++i) rgb[i] = static_cast<int>(std::lround(255.0 + (end[i] - 255.0) * strength));
    char buffer[96];
    std::snprintf(buffer, sizeof buffer, "background:rgb(%d,%d,%d);color:%s", rgb[0], rgb[1], rgb[2],
                  strength > 0.6 ? "#fff" : "#111");
    return buffer;
}

std::string span(const std::string& text, double raw, double shown, const char* extra_class = "") {
    std::ostringstream out;
    out << "<span class=\"t" << extra_class << "\" style=\"" << colour_style(shown) << "\" title=\""
        << escaped("score " + format_number(raw, 6)) << "\">" << escaped(text) << "</span>";
    return out.str();
}

// The original text with each word highlighted and the gaps between words kept verbatim.
std::string words_line(const Attribution& a, const TargetAttribution& target, Normalization display) {
    const std::vector<double> shown = normalized_scores(target.word_scores, display);
    std::vector<size_t> order(a.words.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) { return a.words[x].start < a.words[y].start; });
    const int64_t text_size = static_cast<int64_t>(a.text.size());
    std::ostringstream out;
    int64_t cursor = 0;
    for (size_t w : order) {
        const WordSpan& word = a.words[w];
        const bool offsets_fit = word.start >= cursor && word.end <= text_size && word.start <= word.end;
        if (offsets_fit) out << escaped(a.text.substr(cursor, word.start - cursor));
        else if (cursor > 0) out << " ";
        out << span(word.text, target.word_scores[w], shown[w]);
        if (offsets_fit) cursor = word.end;
    }
    if (cursor > 0 && cursor < text_size) out << escaped(a.text.substr(cursor));
    return out.str();
}

std::string tokens_line(const Attribution& a, const TargetAttribution& target, Normalization display) {
    const std::vector<double> shown = normalized_scores(target.token_scores, display);
    std::ostringstream out;
    for (size_t t = 0; t < a.tokens.size(); ++t)
        out << span(a.tokens[t].text, target.token_scores[t], shown[t], a.tokens[t].special ? " special" : "") << " ";
    return out.str();
}

std::string completeness_line(const Completeness& c) {
    if (!c.applicable) return "<p class=\"meta\">Completeness: not applicable to this method.</p>";
    std::ostringstream out;
    out << "<p class=\"meta\">Completeness: &Sigma; attributions = " << format_number(c.sum, 6)
        << ", F(x) &minus; F(x&prime;) = " << format_number(c.f_input, 6) << " &minus; "
        << (c.f_baseline < 0 ? "(" + format_number(c.f_baseline, 6) + ")" : format_number(c.f_baseline, 6))
        << " = " << format_number(c.f_input - c.f_baseline, 6) << "; error " << format_number(c.abs_error, 3);
    if (c.rel_error) out << " (" << format_number(100.0 * *c.rel_error, 3) << " %)";
    else out << " (relative error undefined: F(x) &asymp; F(x&prime;))";
    out << "</p>";
    return out.str();
}

}  // namespace

std::string attribution_to_html(const Attribution& a, Normalization display) {
    std::ostringstream out;
    out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>IG Lens attribution</title>\n"
           "<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:60em;line-height:2}"
           ".t{padding:0.15em 0.2em;border-radius:0.25em}.special{opacity:0.6;font-style:italic}"
           ".meta{color:#444;line-height:1.4}.legend span{padding:0.2em 0.6em}</style></head><body>\n";
    out << "<h1>IG Lens attribution</h1>\n<p class=\"meta\">Prediction: <b>" << escaped(a.prediction.label) << "</b>";
    if (a.prediction.index >= 0 && a.prediction.index < static_cast<int64_t>(a.prediction.probabilities.size()))
        out << " (p = " << format_number(a.prediction.probabilities[a.prediction.index], 4) << ")";
    out << ". Method: " << escaped(method_name(a.method));
    if (a.method == Method::IntegratedGradients || a.method == Method::SmoothGrad)
        out << ", " << escaped(quadrature_name(a.quadrature)) << ", " << a.steps << " steps ("
            << escaped(stop_reason_name(a.stop_reason)) << ")";
    out << ". Objective: " << escaped(objective_name(a.objective)) << ". Baseline: ";
    if (a.baselines.empty()) out << "none";
    for (size_t b = 0; b < a.baselines.size(); ++b) out << (b ? ", " : "") << escaped(baseline_kind_name(a.baselines[b].kind));
    out << ". Display: " << escaped(normalization_name(display)) << ".</p>\n";
    out << "<p class=\"legend\"><span style=\"" << colour_style(1.0) << "\">supports the target</span> "
        << "<span style=\"" << colour_style(-1.0) << "\">opposes the target</span></p>\n";
    for (const TargetAttribution& target : a.targets) {
        out << "<h2>Target: " << escaped(target.label);
        if (target.target.position >= 0) out << " at token " << target.target.position;
        out << "</h2>\n<p>" << words_line(a, target, display) << "</p>\n";
        out << "<details><summary>Tokens</summary><p>" << tokens_line(a, target, display) << "</p></details>\n";
        out << completeness_line(target.completeness) << "\n";
    }
    out << "</body></html>\n";
    return out.str();
}

}  // namespace iglens
