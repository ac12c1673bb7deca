// TaskJob, every task through one job interface: zero-shot tables equal separate pair jobs, token
// classification skips ignored labels and groups entities, question answering finds the span
// an independent decode of the original model finds, the attention view, flip_sign and batches.
// Question answering runs on fixtures/qa-tiny: a random-weight BERT with the QA head that
// BertForQuestionAnswering exports (start_logits, end_logits), built by tests/support's tiny
// transformer builder — no trained QA model ships (see README).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <random>

#include "iglens/error.h"
#include "iglens/onnx_model.h"
#include "iglens/task_job.h"
#include "model_folder.h"
#include "ort_runner.h"
#include "support/graph_dsl.h"
#include "support/tiny_transformers.h"

namespace iglens {
namespace {

const std::string kQaFixture = IGLENS_SOURCE_DIR "/tests/core/explain/fixtures/qa-tiny";

struct Loaded {
    Explainer explainer;
    OrtRunner runner;
};

Loaded& load(const std::string& dir) {
    static std::map<std::string, std::unique_ptr<Loaded>> cache;
    auto& slot = cache[dir];
    if (!slot) {
        const ModelFolder folder = read_model_folder(dir);
        Explainer e = Explainer::load(folder.files, read_file_bytes(folder.onnx_path()), external_data_loader(folder));
        OrtRunner r = OrtRunner::from_bytes(e.prepared().onnx_bytes);
        slot = std::make_unique<Loaded>(Loaded{std::move(e), std::move(r)});
    }
    return *slot;
}

Loaded& shipped(const std::string& name) {
    return load(IGLENS_SOURCE_DIR "/models/" + name);
}

nlohmann::json run(Loaded& m, const ExplainRequestSpec& spec) {
    TaskJob job(m.explainer, spec);
    while (!job.done()) job.accept(m.runner.run(job.next_inputs(), job.output_names()));
    return job.result();
}

Attribution run_plain(Loaded& m, const ExplainRequestSpec& spec) {
    ExplainJob job = m.explainer.start(spec);
    while (!job.done()) job.accept(m.runner.run(job.next_inputs(), job.output_names()));
    return job.result();
}

ExplainRequestSpec fixed_steps(const std::string& text, int steps = 16) {
    ExplainRequestSpec spec;
    spec.text = text;
    apply_user_option(spec, "steps", std::to_string(steps));
    return spec;
}

void expect_complete(const nlohmann::json& target, double tolerance = 0.01) {
    ASSERT_FALSE(target["completeness"]["rel_error"].is_null()) << target["target"];
    EXPECT_LE(target["completeness"]["rel_error"].get<double>(), tolerance) << target["target"];
}

// --- zero-shot -----------------------------------------------------------------------------------

TEST(TaskJob, ZeroShotTableEqualsSeparatePairJobs) {
    Loaded& nli = shipped("esnli-nli");
    const std::string text = "The team won the final match last night.";
    const std::vector<std::string> candidates = {"sports", "politics", "cooking"};
    ExplainRequestSpec spec;  // adaptive steps: each row reaches the engine's 1 % target
    spec.text = text;
    apply_user_option(spec, "labels", "sports, politics,cooking");
    const nlohmann::json j = run(nli, spec);

    EXPECT_EQ(j["explainer"], "zero-shot");
    EXPECT_EQ(j["labels"], nlohmann::json(candidates));
    ASSERT_EQ(j["candidates"].size(), 3u);
    EXPECT_FALSE(j["multi_label"].get<bool>());
    const int64_t entailment = nli.explainer.config().label_index("entailment");
    std::vector<double> entailed;
    for (size_t k = 0; k < candidates.size(); ++k) {
        const auto& c = j["candidates"][k];
        EXPECT_EQ(c["hypothesis"], "This example is " + candidates[k] + ".");
        ExplainRequestSpec alone;
        alone.text = text;
        alone.pair = c["hypothesis"].get<std::string>();
        alone.targets = {"entailment"};
        const Attribution separate = run_plain(nli, alone);
        const auto& tokens = c["explanation"]["tokens"];
        ASSERT_EQ(tokens.size(), separate.tokens.size());
        for (size_t t = 0; t < tokens.size(); ++t)
            EXPECT_NEAR(tokens[t]["score"].get<double>(), separate.targets[0].token_scores[t], 1e-9);
        expect_complete(c["explanation"]);
        EXPECT_EQ(c["explanation"]["target"]["index"], entailment);
        entailed.push_back(separate.prediction.logits[entailment]);
    }
    // Single-label: a softmax over the candidates' entailment logits.
    double total = 0;
    for (double e : entailed) total += std::exp(e);
    for (size_t k = 0; k < candidates.size(); ++k)
        EXPECT_NEAR(j["prediction"]["probabilities"][k].get<double>(), std::exp(entailed[k]) / total, 1e-9);
    const size_t best = j["prediction"]["index"].get<size_t>();
    EXPECT_EQ(j["prediction"]["label"], candidates[best]);
    EXPECT_EQ(j["tokens"], j["candidates"][best]["explanation"]["tokens"]);
}

TEST(TaskJob, ZeroShotMultiLabelComparesEntailmentWithContradiction) {
    Loaded& nli = shipped("esnli-nli");
    ExplainRequestSpec spec = fixed_steps("A chef is slicing onions in a kitchen.", 8);
    apply_user_option(spec, "labels", "cooking,sports");
    apply_user_option(spec, "hypothesis_template", "This text is about {}.");
    apply_user_option(spec, "multi_label", "true");
    const nlohmann::json j = run(nli, spec);
    EXPECT_TRUE(j["multi_label"].get<bool>());
    const int64_t e = nli.explainer.config().label_index("entailment");
    const int64_t c = nli.explainer.config().label_index("contradiction");
    for (size_t k = 0; k < 2; ++k) {
        const auto& logits = j["candidates"][k]["explanation"]["prediction"]["logits"];
        const double expected = 1.0 / (1.0 + std::exp(logits[c].get<double>() - logits[e].get<double>()));
        EXPECT_NEAR(j["candidates"][k]["score"].get<double>(), expected, 1e-9);
        EXPECT_EQ(j["candidates"][k]["hypothesis"], "This text is about " + j["labels"][k].get<std::string>() + ".");
    }
}

TEST(TaskJob, ZeroShotNeedsAnEntailmentLabelAndCandidates) {
    ExplainRequestSpec spec = fixed_steps("a fine film");
    apply_user_option(spec, "labels", "good,bad");
    EXPECT_THROW(TaskJob(shipped("tiny").explainer, spec), Error);
    ExplainRequestSpec none = fixed_steps("a fine film");
    apply_user_option(none, "task", "zero-shot");
    EXPECT_THROW(TaskJob(shipped("esnli-nli").explainer, none), Error);
    EXPECT_THROW(apply_user_option(none, "hypothesis_template", "no slot"), Error);
}

// --- token classification --------------------------------------------------------------------------

TEST(TaskJob, IgnoredLabelsAreNotExplainedAndEntitiesFollowTheTags) {
    Loaded& ner = shipped("conll-ner");
    const std::string text = "John Smith lives in New York";
    const nlohmann::json every = run(ner, fixed_steps(text));
    ExplainRequestSpec spec = fixed_steps(text);
    apply_user_option(spec, "ignored_labels", "O");
    const nlohmann::json kept = run(ner, spec);

    // The same rows as before, minus the tokens predicted O.
    std::vector<nlohmann::json> expected;
    for (const auto& t : every["targets"])
        if (t["target"]["label"] != "O") expected.push_back(t);
    ASSERT_EQ(kept["targets"].size(), expected.size());
    EXPECT_LT(kept["rows"].get<int64_t>(), every["rows"].get<int64_t>());
    for (size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(kept["targets"][i]["target"], expected[i]["target"]);
        for (size_t t = 0; t < expected[i]["tokens"].size(); ++t)
            EXPECT_NEAR(kept["targets"][i]["tokens"][t]["score"].get<double>(),
                        expected[i]["tokens"][t]["score"].get<double>(), 1e-9);
        expect_complete(kept["targets"][i]);
    }
    // Entities: the words' tags merged; every one spans exactly its words' characters.
    std::vector<std::string> tags;
    for (const auto& t : every["targets"]) tags.push_back(t["target"]["label"]);
    std::vector<double> ones(tags.size(), 1.0);
    const std::vector<EntityGroup> groups = group_entities(tags, ones);
    ASSERT_EQ(kept["entities"].size(), groups.size());
    for (size_t g = 0; g < groups.size(); ++g) {
        const auto& e = kept["entities"][g];
        EXPECT_EQ(e["label"], groups[g].label);
        EXPECT_EQ(e["start"], every["words"][groups[g].first_word]["start"]);
        EXPECT_EQ(e["end"], every["words"][groups[g].last_word]["end"]);
        EXPECT_EQ(e["text"], text.substr(e["start"].get<size_t>(), e["end"].get<size_t>() - e["start"].get<size_t>()));
    }
    ExplainRequestSpec unknown = fixed_steps(text);
    apply_user_option(unknown, "ignored_labels", "B-NOPE");
    EXPECT_THROW(TaskJob(ner.explainer, unknown), Error);
    ExplainRequestSpec wrong_task = fixed_steps("a fine film");
    apply_user_option(wrong_task, "ignored_labels", "O");
    EXPECT_THROW(TaskJob(shipped("tiny").explainer, wrong_task), Error);
}

TEST(TaskJob, EntityGroupsMergeBioTags) {
    const std::vector<std::string> tags = {"B-PER", "I-PER", "O", "I-LOC", "B-LOC", "B-LOC", "I-LOC", "I-ORG", "MISC", "MISC"};
    const std::vector<double> scores = {1, 0.5, 1, 1, 1, 0.2, 0.4, 1, 1, 1};
    const std::vector<EntityGroup> g = group_entities(tags, scores);
    ASSERT_EQ(g.size(), 6u);
    EXPECT_EQ(g[0].label, "PER");
    EXPECT_EQ(g[0].first_word, 0);
    EXPECT_EQ(g[0].last_word, 1);
    EXPECT_DOUBLE_EQ(g[0].score, 0.75);
    EXPECT_EQ(g[1].label, "LOC");  // I- after O starts an entity
    EXPECT_EQ(g[1].first_word, 3);
    EXPECT_EQ(g[1].last_word, 3);
    EXPECT_EQ(g[2].first_word, 4);  // B- always starts one
    EXPECT_EQ(g[3].first_word, 5);
    EXPECT_EQ(g[3].last_word, 6);
    EXPECT_DOUBLE_EQ(g[3].score, 0.3);
    EXPECT_EQ(g[4].label, "ORG");  // a change of type starts one
    EXPECT_EQ(g[5].label, "MISC");  // unprefixed tags merge with their neighbours
    EXPECT_EQ(g[5].first_word, 8);
    EXPECT_EQ(g[5].last_word, 9);
}

// --- question answering --------------------------------------------------------------------------

testing::TinyConfig qa_config() {
    testing::TinyConfig c;
    c.question_answering = true;
    c.vocab = 92;  // fixtures/qa-tiny/tokenizer.json
    c.max_positions = 64;
    c.seed = 11;
    return c;
}

TEST(TaskJob, QaFixtureIsTheTinyBuildersModel) {
    const std::string built = onnx::write_model(testing::make_tiny_transformer(qa_config()));
    const std::string path = kQaFixture + "/onnx/model.onnx";
    if (std::getenv("IGLENS_WRITE_FIXTURES")) std::ofstream(path, std::ios::binary) << built;
    EXPECT_EQ(read_file_bytes(path), built) << "regenerate with IGLENS_WRITE_FIXTURES=1";
}

TEST(AnswerSpan, BestSpanStaysInTheContextAndWithinTheLength) {
    // Token 1 has the best start but is outside the context; 5 > 4 is not a span.
    const std::vector<double> start = {0, 9, 0, 3, 1, 0, 2};
    const std::vector<double> end = {0, 9, 1, 0, 4, 0, 5};
    const std::vector<bool> context = {false, false, true, true, true, true, true};
    AnswerSpan s = best_answer_span(start, end, context, 15);
    EXPECT_EQ(s.start, 3);
    EXPECT_EQ(s.end, 6);
    s = best_answer_span(start, end, context, 2);
    EXPECT_EQ(s.start, 3);
    EXPECT_EQ(s.end, 4);
    double zs = 0, ze = 0;
    for (int t = 2; t < 7; ++t) zs += std::exp(start[t]), ze += std::exp(end[t]);
    EXPECT_NEAR(s.score, std::exp(3.0) / zs * std::exp(4.0) / ze, 1e-12);
    EXPECT_THROW(best_answer_span(start, end, std::vector<bool>(7, false), 15), Error);
}

TEST(TaskJob, QuestionAnsweringExplainsTheStartAndEndOfTheDecodedSpan) {
    Loaded& qa = load(kQaFixture);
    const std::string question = "Where is the Eiffel Tower?";
    const std::string context = "The Eiffel Tower is an iron tower in Paris, France. It was built in 1889.";
    ExplainRequestSpec spec = fixed_steps(context, 32);
    apply_user_option(spec, "question", question);
    const nlohmann::json j = run(qa, spec);

    // An independent decode: the original model (not the prepared graph) on native ONNX Runtime.
    const ModelFolder folder = read_model_folder(kQaFixture);
    OrtRunner original = OrtRunner::from_file(folder.onnx_path());
    const Encoding enc = qa.explainer.encode(question, context);
    NamedTensors in = {{"input_ids", Tensor::ints({1, (int64_t)enc.tokens.size()}, enc.input_ids())},
                       {"attention_mask", Tensor::ints({1, (int64_t)enc.tokens.size()}, enc.attention_mask())},
                       {"token_type_ids", Tensor::ints({1, (int64_t)enc.tokens.size()}, enc.token_type_ids())}};
    NamedTensors out = original.run(in, {"start_logits", "end_logits"});
    const auto& start = find_tensor(out, "start_logits").f32;
    const auto& end = find_tensor(out, "end_logits").f32;
    double best = -1e30;
    int64_t s = -1, e = -1;
    for (size_t i = 0; i < enc.tokens.size(); ++i)
        for (size_t k = i; k < enc.tokens.size() && k < i + 15; ++k) {
            const bool in_context = enc.tokens[i].segment == 1 && !enc.tokens[i].special &&
                                    enc.tokens[k].segment == 1 && !enc.tokens[k].special;
            if (in_context && start[i] + end[k] > best) best = start[i] + end[k], s = i, e = k;
        }

    EXPECT_EQ(j["explainer"], "question-answering");
    EXPECT_EQ(j["labels"], (nlohmann::json{"start", "end"}));
    const auto& answer = j["answer"];
    EXPECT_EQ(answer["start_token"], s);
    EXPECT_EQ(answer["end_token"], e);
    EXPECT_NEAR(answer["start_logit"].get<double>(), start[s], 1e-4);
    EXPECT_NEAR(answer["end_logit"].get<double>(), end[e], 1e-4);
    // The prediction is the answer, not a softmax over (start, end) at one token.
    const auto& prediction = j["prediction"];
    EXPECT_EQ(prediction["label"], answer["text"]);
    EXPECT_EQ(prediction["index"], -1);
    EXPECT_TRUE(prediction["probabilities"].empty());
    EXPECT_EQ(prediction["logits"], (nlohmann::json{answer["start_logit"], answer["end_logit"]}));
    EXPECT_EQ(prediction["score"], answer["score"]);
    const std::string text = j["text"];
    EXPECT_EQ(text, question + "\n" + context);
    EXPECT_GE(answer["start"].get<size_t>(), j["pair_start"].get<size_t>());
    EXPECT_EQ(answer["text"], text.substr(answer["start"].get<size_t>(), answer["end"].get<size_t>() - answer["start"].get<size_t>()));
    ASSERT_EQ(j["targets"].size(), 2u);
    EXPECT_EQ(j["targets"][0]["target"]["label"], "start");
    EXPECT_EQ(j["targets"][0]["target"]["position"], s);
    EXPECT_EQ(j["targets"][1]["target"]["label"], "end");
    EXPECT_EQ(j["targets"][1]["target"]["position"], e);
    for (const auto& t : j["targets"]) expect_complete(t);
    EXPECT_NEAR(j["targets"][0]["completeness"]["f_input"].get<double>(), start[s], 1e-4);

    ExplainRequestSpec no_question = fixed_steps(context);
    EXPECT_THROW(TaskJob(qa.explainer, no_question), Error);
    ExplainRequestSpec prob = spec;
    apply_user_option(prob, "objective", "prob");
    EXPECT_THROW(TaskJob(qa.explainer, prob), Error);
}

// --- attention, flip_sign, batches ---------------------------------------------------------------

TEST(TaskJob, AttentionIsEachLayersAndHeadsSoftmaxAtTheInputFromTheSameRuns) {
    Loaded& nli = shipped("esnli-nli");
    ExplainRequestSpec spec = fixed_steps("A man plays guitar.", 8);
    spec.pair = "A man sleeps.";
    // A forward run of the input alone, for reference.
    std::vector<std::string> names = {"logits"};
    for (const std::string& name : nli.explainer.attention_outputs()) names.push_back(name);
    const NamedTensors forward = nli.runner.run(nli.explainer.prediction_inputs(spec.text, spec.pair), names);

    // The predicted class (the engine's probe holds the input) and a named one (a row of the
    // first IG run holds it).
    for (const std::string target : {"", "neutral"}) {
        SCOPED_TRACE("target '" + target + "'");
        spec.targets.clear();
        if (!target.empty()) apply_user_option(spec, "target", target);
        apply_user_option(spec, "attention", "true");
        const nlohmann::json j = run(nli, spec);
        const auto& a = j["attention"];
        const size_t layers = a["layers"], heads = a["heads"], tokens = a["tokens"];
        EXPECT_EQ(layers, static_cast<size_t>(nli.explainer.config().num_layers));
        EXPECT_EQ(heads, static_cast<size_t>(nli.explainer.config().num_heads));
        EXPECT_EQ(tokens, j["tokens"].size());
        ASSERT_EQ(a["weights"].size(), layers * heads * tokens * tokens);
        for (size_t layer = 0; layer < layers; ++layer) {
            const auto& expected = find_tensor(forward, "attentions." + std::to_string(layer)).f32;
            ASSERT_EQ(expected.size(), heads * tokens * tokens);
            for (size_t i = 0; i < expected.size(); ++i)
                ASSERT_NEAR(a["weights"][layer * expected.size() + i].get<double>(), expected[i], 1e-5) << layer << " " << i;
        }
        for (size_t row = 0; row < layers * heads * tokens; ++row) {
            double sum = 0;
            for (size_t k = 0; k < tokens; ++k) sum += a["weights"][row * tokens + k].get<double>();
            EXPECT_NEAR(sum, 1.0, 1e-4) << "row " << row;
        }
        // The same runs and attributions as without the view: no run is added for it.
        apply_user_option(spec, "attention", "false");
        const nlohmann::json plain = run(nli, spec);
        EXPECT_FALSE(plain.contains("attention"));
        EXPECT_EQ(j["runs"].get<int64_t>(), plain["runs"].get<int64_t>());
        EXPECT_EQ(j["rows"].get<int64_t>(), plain["rows"].get<int64_t>());
        for (size_t t = 0; t < tokens; ++t)
            EXPECT_NEAR(j["tokens"][t]["score"].get<double>(), plain["tokens"][t]["score"].get<double>(), 1e-6);
    }
}

TEST(TaskJob, AttentionOfAModelWithoutAttentionSoftmaxIsAClearError) {
    // models/tiny's config and tokenizer on a bag of embeddings: mean of the word embeddings ->
    // linear head, so the prepared graph has no attentions.<i> outputs.
    ModelFolder folder = read_model_folder(IGLENS_SOURCE_DIR "/models/tiny");
    testing::ModelBuilder b(14);
    std::mt19937 rng(5);
    b.input("input_ids", onnx::kInt64, {-1, -1});
    b.input("attention_mask", onnx::kInt64, {-1, -1});
    std::string words = b.op("Gather", {b.init_random("word_embeddings", {1000, 4}, rng), "input_ids"});
    std::string mean = b.reduce("ReduceMean", words, {1}, 0);
    b.op("Gemm", {mean, b.init_random("w", {2, 4}, rng), b.init_random("b", {2}, rng)},
         {onnx::Attribute::make_int("transB", 1)}, "logits");
    b.output("logits", onnx::kFloat, {-1, 2});
    const Explainer bag = Explainer::load(folder.files, onnx::write_model(b.model()));
    EXPECT_TRUE(bag.attention_outputs().empty());
    ExplainRequestSpec spec = fixed_steps("a gripping, funny film");
    EXPECT_NO_THROW(TaskJob(bag, spec));
    apply_user_option(spec, "attention", "true");
    try {
        TaskJob job(bag, spec);
        FAIL() << "expected a refusal";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("exposes no attention probabilities"), std::string::npos) << e.what();
    }
}

TEST(TaskJob, FlipSignExplainsTheNegatedLogit) {
    Loaded& tiny = shipped("tiny");
    ExplainRequestSpec spec = fixed_steps("a gripping, funny film");
    apply_user_option(spec, "target", "POSITIVE");
    const nlohmann::json plain = run(tiny, spec);
    apply_user_option(spec, "flip_sign", "true");
    const nlohmann::json flipped = run(tiny, spec);
    EXPECT_TRUE(flipped["flip_sign"].get<bool>());
    for (size_t t = 0; t < plain["tokens"].size(); ++t)
        EXPECT_EQ(flipped["tokens"][t]["score"].get<double>(), -plain["tokens"][t]["score"].get<double>());
    const auto &c = flipped["completeness"], &p = plain["completeness"];
    EXPECT_EQ(c["f_input"].get<double>(), -p["f_input"].get<double>());
    EXPECT_EQ(c["sum"].get<double>(), -p["sum"].get<double>());
    EXPECT_EQ(c["rel_error"], p["rel_error"]);
}

TEST(TaskJob, BatchResultsEqualSeparateJobs) {
    Loaded& tiny = shipped("tiny");
    ExplainRequestSpec spec = fixed_steps("");
    spec.batch = {"a gripping, funny film", "the plot is thin"};
    const nlohmann::json j = run(tiny, spec);
    ASSERT_EQ(j["results"].size(), 2u);
    for (size_t i = 0; i < 2; ++i) {
        const nlohmann::json alone = run(tiny, fixed_steps(spec.batch[i]));
        EXPECT_EQ(j["results"][i]["tokens"], alone["tokens"]);
        EXPECT_EQ(j["results"][i]["text"], spec.batch[i]);
    }
}

TEST(TaskJob, ExplicitTaskMustFitTheModel) {
    ExplainRequestSpec spec = fixed_steps("John lives in Berlin");
    apply_user_option(spec, "task", "sequence-classification");
    EXPECT_THROW(TaskJob(shipped("conll-ner").explainer, spec), Error);
    apply_user_option(spec, "task", "token-classification");
    EXPECT_THROW(TaskJob(shipped("tiny").explainer, spec), Error);
    apply_user_option(spec, "task", "pair-classification");
    EXPECT_THROW(TaskJob(shipped("tiny").explainer, spec), Error);  // no second text
    EXPECT_THROW(apply_user_option(spec, "task", "summarization"), Error);
    ExplainRequestSpec multi = fixed_steps("thank you so much!", 8);
    apply_user_option(multi, "task", "multi-label");
    const nlohmann::json j = run(shipped("goemotions"), multi);  // every label by default
    EXPECT_EQ(j["targets"].size(), shipped("goemotions").explainer.config().labels.size());
}

}  // namespace
}  // namespace iglens
