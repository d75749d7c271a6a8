// Machine-learning training, amortised over the devices that run the model.
//
//   E_train/device [kg CO2e] = E_run [kg CO2e per training run] x n_runs / N_devices
//
// n_runs counts the trainings behind the deployed model (hyper-parameter
// search, retraining); N_devices the devices that run it. Prakash et al. (2023)
// charge 0.1 kg CO2e per device (DenseNet, from Dodge et al. 2022) as an UPPER
// bound, and 1.0 for MobileNet v1 in their calculator; those per-device values
// are in models/data/block_levels.yaml (ml_training).
#pragma once

namespace tinyfleet::models {

// training_kg_co2e_per_run [kg CO2e], training_runs [runs],
// devices_running_model [devices] -> [kg CO2e per device]
double training_per_device_kg(double training_kg_co2e_per_run, double training_runs, double devices_running_model);

}  // namespace tinyfleet::models
