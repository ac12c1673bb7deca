// The task explainers on the shipped models: multi-label (every label in one job), pairs (NLI)
// and token classification (NER), each target with its own completeness check.
#include <gtest/gtest.h>

#include <algorithm>

#include "iglens/error.h"
#include "iglens/explainer.h"
#include "model_folder.h"
#include "ort_runner.h"

namespace iglens {
namespace {

Attribution explain(const std::string& model, ExplainRequestSpec spec) {
    const ModelFolder folder = read_model_folder(IGLENS_SOURCE_DIR "/models/" + model);
    const Explainer explainer =
        Explainer::load(folder.files, read_file_bytes(folder.onnx_path()), external_data_loader(folder));
    OrtRunner runner = OrtRunner::from_bytes(explainer.prepared().onnx_bytes);
    ExplainJob job = explainer.start(spec);
    while (!job.done()) job.accept(runner.run(job.next_inputs(), job.output_names()));
    return job.result();
}

void expect_complete(const TargetAttribution& target, double tolerance = 0.01) {
    ASSERT_TRUE(target.completeness.rel_error.has_value()) << target.label;
    EXPECT_LE(*target.completeness.rel_error, tolerance) << target.label;
}

TEST(Tasks, MultiLabelExplainsEveryLabelInSharedRuns) {
    ExplainRequestSpec spec;
    spec.text = "I am so happy and grateful for you, thank you!";
    apply_user_option(spec, "target", "all");
    // Default (adaptive) steps: the job stops only when every one of the 28 labels' rows meets
    // the completeness target, so the step count is whatever the hardest label needs.
    const Attribution all = explain("goemotions", spec);
    ASSERT_EQ(all.targets.size(), 28u);
    EXPECT_EQ(all.stop_reason, StopReason::TargetReached);
    // Runs are shared: 28 separate jobs would need at least 28.
    EXPECT_LT(all.runs, 28);
    const AdaptiveOptions adaptive;  // the engine's defaults, which the job above used
    for (const auto& t : all.targets)
        EXPECT_TRUE(t.completeness.abs_error <= adaptive.abs_tolerance ||
                    (t.completeness.rel_error && *t.completeness.rel_error <= adaptive.target_rel_error))
            << t.label << ": abs error " << t.completeness.abs_error << " at " << all.steps << " steps";

    // One label alone at the same step count gives the same row as in the shared table.
    ExplainRequestSpec one = spec;
    one.targets = {"gratitude"};
    apply_user_option(one, "steps", std::to_string(all.steps));
    const Attribution alone = explain("goemotions", one);
    const auto& shared = *std::find_if(all.targets.begin(), all.targets.end(),
                                       [](const TargetAttribution& t) { return t.label == "gratitude"; });
    for (size_t t = 0; t < alone.tokens.size(); ++t)
        EXPECT_NEAR(shared.token_scores[t], alone.targets[0].token_scores[t], 1e-4);
}

TEST(Tasks, PairsAttributeBothTexts) {
    ExplainRequestSpec spec;
    spec.text = "A man plays guitar on stage.";
    spec.pair = "A man is sleeping.";
    const Attribution result = explain("esnli-nli", spec);
    expect_complete(result.targets[0]);
    EXPECT_EQ(result.text, "A man plays guitar on stage.\nA man is sleeping.");
    bool first = false, second = false;
    for (const auto& word : result.words) {
        first = first || word.text == "guitar";
        second = second || word.text == "sleeping";
    }
    EXPECT_TRUE(first && second);
}

TEST(Tasks, TokenClassificationExplainsEachWordsPredictedLabel) {
    ExplainRequestSpec spec;
    spec.text = "John lives in Berlin";
    const Attribution result = explain("conll-ner", spec);
    ASSERT_EQ(result.targets.size(), 4u);  // one per word
    for (const auto& target : result.targets) {
        EXPECT_GE(target.target.position, 1);
        expect_complete(target);
    }
    ExplainRequestSpec at = spec;
    apply_user_option(at, "position", "4");
    apply_user_option(at, "target", "B-LOC");
    const Attribution berlin = explain("conll-ner", at);
    ASSERT_EQ(berlin.targets.size(), 1u);
    EXPECT_EQ(berlin.targets[0].label, "B-LOC");
    EXPECT_EQ(berlin.targets[0].target.position, 4);
}

TEST(Tasks, PositionsAreOnlyForTokenClassification) {
    ExplainRequestSpec spec;
    spec.text = "a fine film";
    apply_user_option(spec, "position", "1");
    EXPECT_THROW(explain("tiny", spec), Error);
}

}  // namespace
}  // namespace iglens
