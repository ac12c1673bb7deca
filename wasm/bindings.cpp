// Embind bindings of the core. Structured values cross the boundary as JSON text (parsed once on
// the TypeScript side); tensors as typed arrays. C++ exceptions never reach JavaScript: every
// entry point catches iglens::Error and returns `{ error: message }` instead. Objects are built
// empty by JavaScript and then loaded/started, because an Embind constructor cannot report an error.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "iglens/error.h"
#include "iglens/explainer.h"
#include "iglens/task_job.h"

using emscripten::val;

namespace {

template <typename F>
val guarded(F&& body) {
    try {
        return body();
    } catch (const iglens::Error& e) {
        val result = val::object();
        result.set("error", std::string(e.what()));
        return result;
    } catch (const std::exception& e) {
        val result = val::object();
        result.set("error", std::string("internal error: ") + e.what());
        return result;
    }
}

// One copy from a JS Uint8Array (or string) into wasm memory.
std::string bytes_of(const val& value) {
    if (value.isString()) return value.as<std::string>();
    const size_t n = value["length"].as<size_t>();
    std::string bytes(n, '\0');
    val view(emscripten::typed_memory_view(n, reinterpret_cast<unsigned char*>(bytes.data())));
    view.call<void>("set", value);
    return bytes;
}

std::optional<std::string> optional_string(const val& value) {
    if (value.isString()) return value.as<std::string>();
    return std::nullopt;
}

// NamedTensors -> { name: { dtype, dims, data } }, data copied out of wasm memory (a view would be
// invalidated by the next memory growth). int64 data crosses as bytes, read as a BigInt64Array.
val tensors_to_js(const iglens::NamedTensors& tensors) {
    val out = val::object();
    for (const auto& [name, t] : tensors) {
        val entry = val::object();
        val dims = val::array();
        for (int64_t d : t.shape) dims.call<void>("push", static_cast<double>(d));
        entry.set("dims", dims);
        if (t.dtype == iglens::DType::Float32) {
            entry.set("dtype", std::string("float32"));
            entry.set("data", val(emscripten::typed_memory_view(t.f32.size(), t.f32.data())).call<val>("slice"));
        } else if (t.dtype == iglens::DType::Int64) {
            entry.set("dtype", std::string("int64"));
            val bytes(emscripten::typed_memory_view(t.i64.size() * sizeof(int64_t),
                                                    reinterpret_cast<const unsigned char*>(t.i64.data())));
            entry.set("data", val::global("BigInt64Array").new_(bytes.call<val>("slice")["buffer"]));
        } else {
            throw iglens::Error("float64 tensors do not cross to ONNX Runtime Web");
        }
        out.set(name, entry);
    }
    return out;
}

// { name: { dims, data: Float32Array } } -> NamedTensors (float32 outputs of a run).
iglens::NamedTensors tensors_from_js(const val& outputs, const std::vector<std::string>& names) {
    iglens::NamedTensors result;
    for (const std::string& name : names) {
        val entry = outputs[name];
        if (entry.isUndefined()) throw iglens::Error("the model run returned no '" + name + "' output");
        val data = entry["data"];
        std::vector<int64_t> shape;
        val dims = entry["dims"];
        for (size_t i = 0; i < dims["length"].as<size_t>(); ++i) shape.push_back(static_cast<int64_t>(dims[i].as<double>()));
        std::vector<float> values(data["length"].as<size_t>());
        val(emscripten::typed_memory_view(values.size(), values.data())).call<void>("set", data);
        result.emplace_back(name, iglens::Tensor::floats(std::move(shape), std::move(values)));
    }
    return result;
}

val strings_to_js(const std::vector<std::string>& strings) {
    val out = val::array();
    for (const auto& s : strings) out.call<void>("push", s);
    return out;
}

nlohmann::json encoding_json(const iglens::Encoding& encoding) {
    nlohmann::json tokens = nlohmann::json::array();
    for (const iglens::Token& t : encoding.tokens)
        tokens.push_back({{"id", t.id}, {"text", t.piece}, {"start", t.utf16_start}, {"end", t.utf16_end},
                          {"special", t.special}, {"word", t.word}, {"segment", t.segment}, {"typeId", t.type_id}});
    return {{"tokens", tokens}, {"truncated", encoding.truncated}, {"untruncatedLength", encoding.untruncated_length}};
}

std::map<std::string, std::string> files_from_js(const val& files) {
    std::map<std::string, std::string> contents;
    val names = val::global("Object").call<val>("keys", files);
    for (size_t i = 0; i < names["length"].as<size_t>(); ++i) {
        std::string name = names[i].as<std::string>();
        contents[name] = bytes_of(files[name]);
    }
    return contents;
}

// A tokenizer on its own (a tokenizer folder's files), for checking the browser's tokens against
// the native build's; CoreModel has its own through the Explainer.
class CoreTokenizer {
public:
    val load(const val& files) {
        return guarded([&] {
            tokenizer_ = iglens::load_tokenizer(files_from_js(files));
            return val::null();
        });
    }

    // maxLength 0: no truncation.
    val encode_json(const std::string& text, const val& pair, double max_length) const {
        return guarded([&] {
            if (!tokenizer_) throw iglens::Error("no tokenizer is loaded: call load() first");
            const size_t max = max_length > 0 ? static_cast<size_t>(max_length) : iglens::Tokenizer::kNoLimit;
            return val(encoding_json(pair.isString() ? tokenizer_->encode_pair(text, pair.as<std::string>(), max)
                                                     : tokenizer_->encode(text, max))
                           .dump());
        });
    }

private:
    std::unique_ptr<iglens::Tokenizer> tokenizer_;
};

// A model folder inside the core: config, tokenizer and prepared graph (built in the browser by
// the same gradient-graph builder as the CLI's).
class CoreModel {
public:
    // files: config.json and tokenizer files by name; onnx: onnx/model.onnx.
    val load(const val& files, const val& onnx) {
        return guarded([&] {
            std::map<std::string, std::string> contents = files_from_js(files);
            std::string onnx_bytes = bytes_of(onnx);
            explainer_ = std::make_unique<iglens::Explainer>(iglens::Explainer::load(
                contents, onnx_bytes,
                [](const std::string& location) -> std::string {
                    throw iglens::Error("the model keeps its weights in an external file ('" + location +
                                        "'); in the browser, re-export it with the weights inside model.onnx");
                }));
            return val::null();
        });
    }

    const iglens::Explainer& explainer() const {
        if (!explainer_) throw iglens::Error("no model is loaded: call load() first");
        return *explainer_;
    }

    val info_json() const {
        return guarded([&] {
            const auto& e = explainer();
            const auto& r = e.prepared().report;
            nlohmann::json j = {
                {"modelType", e.config().model_type},
                {"task", iglens::task_name(e.config().task)},
                {"labels", e.config().labels},
                {"maxTokens", e.config().max_position_embeddings},
                {"tokenizer", e.tokenizer().kind()},
                {"prepared", {{"cutNode", r.cut_node}, {"forwardNodes", r.forward_nodes},
                              {"backwardNodes", r.backward_nodes}, {"bytes", r.prepared_bytes}}},
            };
            return val(j.dump());
        });
    }

    // The prepared graph for ONNX Runtime Web (copied out; ORT copies it into its own heap).
    val prepared_graph() const {
        return guarded([&] {
            const std::string& bytes = explainer().prepared().onnx_bytes;
            return val(emscripten::typed_memory_view(bytes.size(), reinterpret_cast<const unsigned char*>(bytes.data())))
                .call<val>("slice");
        });
    }

    val encode_json(const std::string& text, const val& pair) const {
        return guarded([&] { return val(encoding_json(explainer().encode(text, optional_string(pair))).dump()); });
    }

    val prediction_inputs(const std::string& text, const val& pair) const {
        return guarded([&] { return tensors_to_js(explainer().prediction_inputs(text, optional_string(pair))); });
    }

    val prediction_json(const val& outputs) const {
        return guarded([&] {
            iglens::NamedTensors run = tensors_from_js(outputs, {"logits"});
            iglens::Prediction p = explainer().prediction(iglens::find_tensor(run, "logits"));
            nlohmann::json j = {{"label", p.label}, {"index", p.index}, {"probabilities", p.probabilities},
                                {"logits", p.logits}};
            return val(j.dump());
        });
    }

private:
    std::unique_ptr<iglens::Explainer> explainer_;
};

// One explanation request in progress (any task, one text or a batch); JavaScript runs each
// next_inputs() on the prepared graph and hands the outputs back to accept() until done().
class CoreJob {
public:
    // options: JSON of explanation options by their core names (apply_user_option), values as
    // text, booleans or numbers; lists as arrays: targets, labels (candidate labels),
    // positions, ignored_labels, texts (a batch: then `text` is unused).
    val start(const CoreModel& model, const std::string& text, const val& pair, const std::string& options_json) {
        return guarded([&] {
            // An array option applies its singular name once per element.
            static const std::map<std::string, std::string> kSingular = {
                {"targets", "target"}, {"labels", "label"}, {"positions", "position"}, {"ignored_labels", "ignored_labels"}};
            iglens::ExplainRequestSpec spec;
            spec.text = text;
            spec.pair = optional_string(pair);
            auto options = nlohmann::json::parse(options_json, nullptr, false);
            if (!options.is_object()) throw iglens::Error("explanation options must be a JSON object");
            auto as_text = [](const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); };
            for (const auto& [name, value] : options.items()) {
                if (name == "texts") {
                    for (const auto& t : value) spec.batch.push_back(as_text(t));
                    if (spec.batch.empty()) throw iglens::Error("a batch needs at least one text");
                } else if (value.is_array()) {
                    auto singular = kSingular.find(name);
                    if (singular == kSingular.end()) throw iglens::Error("the option '" + name + "' takes one value, not a list");
                    for (const auto& item : value) iglens::apply_user_option(spec, singular->second, as_text(item));
                } else {
                    iglens::apply_user_option(spec, name, as_text(value));
                }
            }
            job_.emplace(model.explainer(), std::move(spec));
            return val::null();
        });
    }

    bool done() const { return job_ && job_->done(); }

    val next_inputs() {
        return guarded([&] { return tensors_to_js(job().next_inputs()); });
    }

    val output_names() const {
        return guarded([&] { return strings_to_js(job_ ? job_->output_names() : std::vector<std::string>{}); });
    }

    val accept(const val& outputs) {
        return guarded([&] {
            job().accept(tensors_from_js(outputs, job().output_names()));
            return val::null();
        });
    }

    std::string progress_json() const {
        if (!job_) return "{}";
        iglens::Progress p = job_->progress();
        return nlohmann::json{{"runsDone", p.runs_done}, {"runsPlanned", p.runs_planned}, {"rowsDone", p.rows_done},
                              {"rowsPlanned", p.rows_planned}, {"steps", p.steps}, {"round", p.round}, {"done", p.done}}
            .dump();
    }

    void add_timing(const std::string& name, double ms) {
        if (job_) job_->add_timing(name, ms);
    }

    val result_json() const {
        return guarded([&] { return val(job().result().dump()); });
    }

private:
    iglens::TaskJob& job() {
        if (!job_) throw iglens::Error("the job was not started");
        return *job_;
    }
    const iglens::TaskJob& job() const {
        if (!job_) throw iglens::Error("the job was not started");
        return *job_;
    }

    std::optional<iglens::TaskJob> job_;
};

std::string version() { return IGLENS_VERSION; }

}  // namespace

EMSCRIPTEN_BINDINGS(iglens_core) {
    emscripten::function("version", &version);
    emscripten::class_<CoreModel>("CoreModel")
        .constructor<>()
        .function("load", &CoreModel::load)
        .function("infoJson", &CoreModel::info_json)
        .function("preparedGraph", &CoreModel::prepared_graph)
        .function("encodeJson", &CoreModel::encode_json)
        .function("predictionInputs", &CoreModel::prediction_inputs)
        .function("predictionJson", &CoreModel::prediction_json);
    emscripten::class_<CoreTokenizer>("CoreTokenizer")
        .constructor<>()
        .function("load", &CoreTokenizer::load)
        .function("encodeJson", &CoreTokenizer::encode_json);
    emscripten::class_<CoreJob>("CoreJob")
        .constructor<>()
        .function("start", &CoreJob::start)
        .function("done", &CoreJob::done)
        .function("nextInputs", &CoreJob::next_inputs)
        .function("outputNames", &CoreJob::output_names)
        .function("accept", &CoreJob::accept)
        .function("progressJson", &CoreJob::progress_json)
        .function("addTiming", &CoreJob::add_timing)
        .function("resultJson", &CoreJob::result_json);
}
