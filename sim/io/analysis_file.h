// HDF5 files of analyses that are not a single run: sensitivity indices
// (`tinyfleet sensitivity`) and scenario sweeps (`tinyfleet sweep`). Layout
// in docs/result-format.md.
//
// A small netCDF-4-style writer: groups hold dimension coordinates (HDF5
// dimension scales, local copies in every group so that
// xarray.open_dataset(path, group=...) shows their values) and variables
// attached to them; auxiliary coordinates (e.g. a sweep's settings along
// sweep_point) are named in each data variable's "coordinates" attribute, as
// netCDF's CF convention does, so xarray makes them coordinates.
//
// These files are small next to run results (indices, or a sweep's totals),
// so the writer builds the whole file in memory (HDF5 core driver, which
// never does I/O and so cannot meet HDF5 1.10's I/O-error bug, see
// sim/io/stream_file_driver.h), then writes the image to a temporary file in the
// destination folder, fsync()s and rename()s it: never a half file.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace tinyfleet {

struct AnalysisCoordinate {
    std::string name;
    std::vector<double> numbers;        // exactly one of numbers / integers / strings is used
    std::vector<std::int64_t> integers;
    std::vector<std::string> strings;
    std::string units, long_name;
    std::size_t size() const { return strings.size() + numbers.size() + integers.size(); }
};

struct AnalysisVariable {
    std::string name;
    std::vector<std::string> dims;  // names of the group's dimension coordinates
    std::vector<double> numbers;    // row-major over dims; or
    std::vector<std::string> strings;
    std::string units, long_name;
    bool auxiliary_coordinate = false;  // listed in the data variables' "coordinates" attribute
    std::vector<std::uint64_t> unsigned_integers = {};  // or: stored as uint64, exact (e.g. seeds)
    std::string label = {};  // short human label (attribute "label"); "" = none
    std::size_t size() const { return numbers.size() + strings.size() + unsigned_integers.size(); }
};

struct AnalysisAttribute {
    std::string name;
    std::string text;         // used when kind == text
    double number = 0.0;      // kind == number
    std::int64_t integer = 0; // kind == integer
    enum Kind { text_kind, number_kind, integer_kind } kind = text_kind;
};

struct AnalysisGroup {
    std::string name;  // "" for the root group
    std::vector<AnalysisCoordinate> dimensions;
    std::vector<AnalysisVariable> variables;
    std::vector<AnalysisAttribute> attributes;
};

struct AnalysisFile {
    std::vector<AnalysisAttribute> attributes;  // root attributes
    std::vector<AnalysisGroup> groups;          // in order; "" first if present
};

AnalysisAttribute text_attribute(std::string name, std::string value);
AnalysisAttribute number_attribute(std::string name, double value);
AnalysisAttribute integer_attribute(std::string name, std::int64_t value);

// Writes atomically (temporary file + rename). Throws RuntimeFailure on
// HDF5 or I/O errors, std::invalid_argument on an inconsistent layout (a
// variable whose size does not match its dimensions: a bug).
void write_analysis_file(const std::string& path, const AnalysisFile& file);

// Reads a file written by write_analysis_file back into the structure it was
// written from (groups, coordinates, variables, attributes, all in creation
// order), so that `tinyfleet merge` can join sweep files. Throws InputError
// naming the file and the object for unreadable files and for contents this
// writer does not produce.
AnalysisFile read_analysis_file(const std::string& path);

// The root attribute "format" of an HDF5 file ("tinyfleet-sweep",
// "tinyfleet-results", ...), or "" for a missing file, a file that is not
// HDF5, or one without a text "format" attribute.
std::string hdf5_file_format(const std::string& path);

}  // namespace tinyfleet
