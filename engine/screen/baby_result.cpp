#include "engine/screen/baby_result.hpp"

namespace nbs {

std::string_view to_string(BabyStatus s) {
    switch (s) {
        case BabyStatus::no_condition_suspected:
            return "no_condition_suspected";
        case BabyStatus::prioritised_for_review:
            return "prioritised_for_review";
        case BabyStatus::incomplete:
            return "incomplete";
        case BabyStatus::sample_failed_qc:
            return "sample_failed_qc";
    }
    return "incomplete";
}

}  // namespace nbs
