#include "models/device/training.h"

namespace tinyfleet::models {

double training_per_device_kg(double training_kg_co2e_per_run, double training_runs, double devices_running_model) {
    return training_kg_co2e_per_run * training_runs / devices_running_model;
}

}  // namespace tinyfleet::models
