// The `iglens` binary as a user runs it: exit codes, messages, and JSON that parses.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <sys/wait.h>
#include <vector>

#include "ort_runner.h"
#include "support/shipped_models.h"

namespace {

struct CommandResult {
    int exit_code;
    std::string out;  // stdout and stderr together
};

// `stdin_text` must not contain single quotes (it is passed through the shell).
CommandResult run_cli(const std::string& args, const std::string& stdin_text = "") {
    std::string command = std::string("cd '" IGLENS_SOURCE_DIR "' && printf %s '") + stdin_text + "' | '" +
                          IGLENS_CLI_PATH "' " + args + " 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    std::string out;
    std::array<char, 4096> buffer{};
    size_t n;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) out.append(buffer.data(), n);
    int status = pclose(pipe);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

TEST(Cli, UsageMistakesExitWithTwoAndSayWhy) {
    EXPECT_EQ(run_cli("").exit_code, 2);
    auto unknown = run_cli("frobnicate");
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_NE(unknown.out.find("unknown command 'frobnicate'"), std::string::npos) << unknown.out;
    auto missing = run_cli("predict 'some text'");
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_NE(missing.out.find("--model is required"), std::string::npos) << missing.out;
    auto bad_option = run_cli("info --model models/tiny --colour red");
    EXPECT_EQ(bad_option.exit_code, 2);
    EXPECT_NE(bad_option.out.find("unknown option --colour"), std::string::npos) << bad_option.out;
}

TEST(Cli, ModelProblemsExitWithOneAndSayWhatToDo) {
    auto absent = run_cli("predict --model no/such/folder 'text'");
    EXPECT_EQ(absent.exit_code, 1);
    EXPECT_NE(absent.out.find("not a model folder"), std::string::npos) << absent.out;
    auto empty = run_cli("predict --model models/tiny ''");
    EXPECT_EQ(empty.exit_code, 1);
    EXPECT_NE(empty.out.find("text is empty"), std::string::npos) << empty.out;
}

TEST(Cli, PredictPrintsParsableJson) {
    auto result = run_cli("predict --model models/tiny --json 'a gripping , funny film'");
    ASSERT_EQ(result.exit_code, 0) << result.out;
    auto json = nlohmann::json::parse(result.out);
    const auto& probabilities = json["prediction"]["probabilities"];
    ASSERT_EQ(probabilities.size(), 2u);
    EXPECT_NEAR(probabilities[0].get<double>() + probabilities[1].get<double>(), 1.0, 1e-6);
    EXPECT_EQ(json["labels"], (nlohmann::json{"NEGATIVE", "POSITIVE"}));
    EXPECT_FALSE(json["truncated"].get<bool>());
}

TEST(Cli, PredictReadsTextFromStdin) {
    auto from_arg = run_cli("predict --model models/tiny --json 'the film is dull'");
    auto from_stdin = run_cli("predict --model models/tiny --json -", "the film is dull");
    ASSERT_EQ(from_stdin.exit_code, 0) << from_stdin.out;
    EXPECT_EQ(nlohmann::json::parse(from_arg.out)["prediction"], nlohmann::json::parse(from_stdin.out)["prediction"]);
}

TEST(Cli, BatchPrintsOneResultPerLineEqualToSingleRuns) {
    const std::string path = testing::TempDir() + "iglens_batch.txt";
    const std::vector<std::string> texts = {"a gripping , funny film", "the plot is thin", "not bad at all"};
    {
        std::ofstream out(path);
        for (const auto& t : texts) out << t << "\n\n";  // blank lines are skipped
    }
    auto batch = run_cli("explain --model models/tiny --steps 8 --json --batch '" + path + "'");
    ASSERT_EQ(batch.exit_code, 0) << batch.out;
    auto json = nlohmann::json::parse(batch.out);
    EXPECT_EQ(json["explainer"], "sequence-classification");
    for (const char* timing : {"load_and_prepare", "model_runs", "explain_total"})
        EXPECT_TRUE(json["timings_ms"][timing].is_number()) << timing;
    ASSERT_EQ(json["results"].size(), texts.size());
    for (size_t i = 0; i < texts.size(); ++i) {
        auto single = nlohmann::json::parse(run_cli("explain --model models/tiny --steps 8 --json '" + texts[i] + "'").out);
        nlohmann::json got = json["results"][i];
        for (auto* j : {&got, &single}) j->erase("timings_ms");
        EXPECT_EQ(got, single) << texts[i];
    }
    auto human = run_cli("explain --model models/tiny --steps 8 --batch '" + path + "'");
    ASSERT_EQ(human.exit_code, 0) << human.out;
    for (const auto& t : texts) EXPECT_NE(human.out.find("== " + t + "\n"), std::string::npos) << human.out;
}

TEST(Cli, ZeroShotScoresEveryCandidateLabel) {
    auto result = run_cli("explain --model models/esnli-nli --labels sports,politics --hypothesis-template "
                          "'This text is about {}.' --steps 8 --json 'The team won the final match.'");
    ASSERT_EQ(result.exit_code, 0) << result.out;
    auto json = nlohmann::json::parse(result.out);
    EXPECT_EQ(json["labels"], (nlohmann::json{"sports", "politics"}));
    ASSERT_EQ(json["candidates"].size(), 2u);
    EXPECT_EQ(json["candidates"][1]["hypothesis"], "This text is about politics.");
    const auto& p = json["prediction"]["probabilities"];
    EXPECT_NEAR(p[0].get<double>() + p[1].get<double>(), 1.0, 1e-9);
    auto no_entailment = run_cli("explain --model models/tiny --labels a,b 'some text'");
    EXPECT_EQ(no_entailment.exit_code, 1);
    EXPECT_NE(no_entailment.out.find("'entailment' label"), std::string::npos) << no_entailment.out;
}

TEST(Cli, ZeroShotHtmlShowsTheBestCandidate) {
    const std::string html_path = testing::TempDir() + "iglens_zero_shot.html";
    auto result = run_cli("explain --model models/esnli-nli --labels sports,politics,cooking --steps 8 --json --html '" +
                          html_path + "' 'The team won the final match.'");
    ASSERT_EQ(result.exit_code, 0) << result.out;
    auto json = nlohmann::json::parse(result.out);
    const std::string best = json["prediction"]["label"];
    ASSERT_NE(best, "sports") << "the test needs a best candidate other than the first";
    std::ifstream in(html_path);
    const std::string html((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(html.find("Prediction: <b>" + best + "</b>"), std::string::npos) << html;
    // The page explains the best candidate's hypothesis, so no other candidate is named on it.
    for (const std::string other : {"sports", "politics", "cooking"})
        if (other != best) EXPECT_EQ(html.find(other), std::string::npos) << other;
}

TEST(Cli, QuestionAnsweringPrintsTheAnswerSpan) {
    auto result = run_cli("explain --model tests/core/explain/fixtures/qa-tiny --task question-answering "
                          "--question 'Where is the tower?' --steps 8 --json 'The tower is in Paris.'");
    ASSERT_EQ(result.exit_code, 0) << result.out;
    auto json = nlohmann::json::parse(result.out);
    const std::string text = json["text"];
    const auto& answer = json["answer"];
    EXPECT_EQ(answer["text"], text.substr(answer["start"].get<size_t>(), answer["end"].get<size_t>() - answer["start"].get<size_t>()));
    EXPECT_EQ(json["targets"].size(), 2u);
    auto no_question = run_cli("explain --model tests/core/explain/fixtures/qa-tiny 'The tower is in Paris.'");
    EXPECT_EQ(no_question.exit_code, 1);
    EXPECT_NE(no_question.out.find("needs a question"), std::string::npos) << no_question.out;
    auto predict = run_cli("predict --model tests/core/explain/fixtures/qa-tiny 'The tower is in Paris.'");
    EXPECT_EQ(predict.exit_code, 1);
    EXPECT_NE(predict.out.find("run `iglens explain`"), std::string::npos) << predict.out;
}

TEST(Cli, TokenClassificationIgnoresLabelsAndGroupsEntities) {
    auto result = run_cli("explain --model models/conll-ner --ignored-labels O --steps 8 --json 'John lives in Berlin'");
    ASSERT_EQ(result.exit_code, 0) << result.out;
    auto json = nlohmann::json::parse(result.out);
    for (const auto& t : json["targets"]) EXPECT_NE(t["target"]["label"], "O");
    EXPECT_TRUE(json["entities"].is_array());
}

TEST(Cli, AttentionAndFlipSignAreOptIn) {
    auto result = run_cli("explain --model models/tiny --attention --flip-sign --steps 8 --json 'a fine film'");
    ASSERT_EQ(result.exit_code, 0) << result.out;
    auto json = nlohmann::json::parse(result.out);
    EXPECT_TRUE(json["flip_sign"].get<bool>());
    const auto& a = json["attention"];
    EXPECT_EQ(a["weights"].size(), a["layers"].get<size_t>() * a["heads"].get<size_t>() * a["tokens"].get<size_t>() *
                                       a["tokens"].get<size_t>());
    auto plain = nlohmann::json::parse(run_cli("explain --model models/tiny --steps 8 --json 'a fine film'").out);
    EXPECT_FALSE(plain.contains("attention"));
    auto wrong = run_cli("explain --model models/tiny --task token-classification 'a fine film'");
    EXPECT_EQ(wrong.exit_code, 1);
    EXPECT_NE(wrong.out.find("token-classification task needs"), std::string::npos) << wrong.out;
}

TEST(Cli, PrepareWritesALoadablePreparedGraphForEveryShippedModel) {
    namespace fs = std::filesystem;
    for (const std::string& name : iglens::testing::shipped_model_names()) {
        SCOPED_TRACE(name);
        // A copy, so the test never writes into the repository's model folders.
        const fs::path dir = fs::path(testing::TempDir()) / ("iglens_prepare_" + name);
        fs::remove_all(dir);
        fs::copy(iglens::testing::shipped_models_dir() / name, dir, fs::copy_options::recursive);
        auto result = run_cli("prepare '" + dir.string() + "'");
        ASSERT_EQ(result.exit_code, 0) << result.out;
        EXPECT_NE(result.out.find("word_embeddings"), std::string::npos) << result.out;
        EXPECT_EQ(result.out.find("note:"), std::string::npos) << "an op outside the WebGPU allow-list: " << result.out;
        iglens::OrtRunner prepared = iglens::OrtRunner::from_file((dir / "onnx/model_iglens.onnx").string());
        const auto inputs = prepared.input_names();
        EXPECT_NE(std::find(inputs.begin(), inputs.end(), "input_embeds"), inputs.end());
        const auto outputs = prepared.output_names();
        EXPECT_NE(std::find(outputs.begin(), outputs.end(), "token_attr"), outputs.end());
        fs::remove_all(dir);
    }
}

}  // namespace
