#include "rationales.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "iglens/error.h"

namespace iglens::bench {

Review parse_review(const std::string& contents, const std::string& label) {
    const std::string own = label == "POSITIVE" ? "POS" : "NEG";
    Review review;
    review.label = label;
    std::istringstream stream(contents);
    std::string word, open;
    while (stream >> word) {
        if (word == "<POS>" || word == "<NEG>") {
            if (!open.empty()) throw Error("a rationale tag " + word + " opens inside another one");
            open = word.substr(1, 3);
            continue;
        }
        if (word == "</POS>" || word == "</NEG>") {
            if (open != word.substr(2, 3)) throw Error("the rationale tag " + word + " closes a tag that was not opened");
            open.clear();
            continue;
        }
        if (!review.text.empty()) review.text += ' ';
        RationaleWord w;
        w.start = review.text.size();
        review.text += word;
        w.end = review.text.size();
        w.rationale = open == own;
        review.words.push_back(w);
    }
    if (!open.empty()) throw Error("a <" + open + "> rationale tag is never closed");
    return review;
}

std::vector<Review> sample_reviews(const std::string& folder, int count, uint64_t seed) {
    std::vector<Review> reviews;
    std::mt19937_64 rng(seed);
    for (const auto& [sub, label] : {std::pair<std::string, std::string>{"withRats_pos", "POSITIVE"}, {"withRats_neg", "NEGATIVE"}}) {
        const std::filesystem::path dir = std::filesystem::path(folder) / sub;
        if (!std::filesystem::is_directory(dir))
            throw Error("'" + dir.string() + "' is missing: pass --rationales with the movie-rationales folder (withRats_pos, withRats_neg)");
        std::vector<std::string> files;
        for (const auto& entry : std::filesystem::directory_iterator(dir))
            if (entry.path().extension() == ".txt") files.push_back(entry.path().filename().string());
        if (files.empty()) throw Error("'" + dir.string() + "' holds no .txt reviews");
        std::sort(files.begin(), files.end());
        std::shuffle(files.begin(), files.end(), rng);
        const size_t take = std::min(files.size(), static_cast<size_t>(std::max(1, count / 2)));
        for (size_t i = 0; i < take; ++i) {
            std::ifstream in(dir / files[i], std::ios::binary);
            std::stringstream contents;
            contents << in.rdbuf();
            try {
                Review review = parse_review(contents.str(), label);
                review.file = sub + "/" + files[i];
                reviews.push_back(std::move(review));
            } catch (const Error& error) {
                throw Error(sub + "/" + files[i] + ": " + error.what());
            }
        }
    }
    return reviews;
}

}  // namespace iglens::bench
