// Where the program finds its reference tables (models/data), and the
// fingerprint of those tables that every written file records.
//
// The data directory is, in this order:
//   1. $TINYFLEET_DATA_DIR when set (and not empty);
//   2. <folder of the executable>/../share/tinyfleet/data (as installed:
//      `cmake --install` puts the tables there, beside bin/tinyfleet): an
//      installed program finds its data wherever the prefix is, or is moved to;
//   3. the source tree's models/data (a program run from its build folder).
// A directory that does not exist is skipped in 2 and 3; $TINYFLEET_DATA_DIR
// is taken as given, so that a wrong value is reported rather than bypassed.
#pragma once
#include <string>
#include <vector>

namespace tinyfleet {

// The data directory as above. Never throws: when neither candidate exists it
// returns the source tree's models/data, whose tables then fail to open with
// their path; data_tables_sha256 says what was looked for.
std::string reference_data_dir();

// reference_data_dir(), or InputError naming it (and, for the default
// lookup, every place looked in) when it is not a folder: for readers that
// must fail with that message before anything else is read.
std::string existing_reference_data_dir();

// SHA-256 (hex) of the reference tables in `dir`: every *.yaml file, by name
// in byte order, each as its name then its bytes, both length-prefixed
// ("<length>:"), so renaming, adding or editing a table changes it.
// InputError naming the directory (and, for the default lookup, every place
// looked in) when it is not a readable folder or holds no table.
std::string data_tables_sha256(const std::string& dir = reference_data_dir());

// The names of the reference tables in `dir` (every *.yaml file, in byte
// order), with the InputError of data_tables_sha256.
std::vector<std::string> reference_table_names(const std::string& dir = reference_data_dir());

}  // namespace tinyfleet
