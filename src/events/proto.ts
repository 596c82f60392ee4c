/**
 * The TensorBoard / TensorFlow protobuf messages an event file holds, written from the public
 * definitions (tensorflow/core/util/event.proto, framework/summary.proto, tensor.proto,
 * tensor_shape.proto, tensorboard/plugins/hparams/{api,plugin_data}.proto, google/protobuf/
 * struct.proto). Only the fields we read or write are declared: protobufjs skips the rest
 * (graph_def, images, audio, log messages) without decoding them, which keeps reading fast.
 */
import protobuf from 'protobufjs';
import { type DecodedHistogram, installHistogramDecoder } from './histogram-decode.js';

const SCHEMA = `
syntax = "proto3";
package tensorboard;

message Event {
  double wall_time = 1;
  int64 step = 2;
  string file_version = 3;
  Summary summary = 5;
}

message Summary {
  message Value {
    string tag = 1;
    SummaryMetadata metadata = 9;
    // A oneof, as in summary.proto: members have explicit presence, so a scalar 0 is written.
    oneof value {
      float simple_value = 2;
      HistogramProto histo = 5;
      TensorProto tensor = 8;
    }
  }
  repeated Value value = 1;
}

message HistogramProto {
  double min = 1;
  double max = 2;
  double num = 3;
  double sum = 4;
  double sum_squares = 5;
  repeated double bucket_limit = 6 [packed = true];
  repeated double bucket = 7 [packed = true];
}

message SummaryMetadata {
  message PluginData {
    string plugin_name = 1;
    bytes content = 2;
  }
  PluginData plugin_data = 1;
  string display_name = 2;
  string summary_description = 3;
  int32 data_class = 4;
}

message TensorShapeProto {
  message Dim {
    int64 size = 1;
    string name = 2;
  }
  repeated Dim dim = 2;
  bool unknown_rank = 3;
}

message TensorProto {
  int32 dtype = 1;
  TensorShapeProto tensor_shape = 2;
  int32 version_number = 3;
  bytes tensor_content = 4;
  repeated float float_val = 5 [packed = true];
  repeated double double_val = 6 [packed = true];
  repeated int32 int_val = 7 [packed = true];
  repeated bytes string_val = 8;
  repeated int64 int64_val = 10 [packed = true];
}

// tensorboard/plugins/hparams: the content of an hparams summary's plugin_data.
message HParamsPluginData {
  int32 version = 1;
  oneof data {
    Experiment experiment = 2;
    SessionStartInfo session_start_info = 3;
    SessionEndInfo session_end_info = 4;
  }
}
message Experiment {
  string name = 6;
  string description = 1;
  string user = 2;
  double time_created_secs = 3;
  repeated HParamInfo hparam_infos = 4;
  repeated MetricInfo metric_infos = 5;
}
message HParamInfo {
  string name = 1;
  string display_name = 2;
  string description = 3;
  int32 type = 4;
  ListValue domain_discrete = 5;
  bool differs = 7;
}
message ListValue {
  repeated Value values = 1;
}
message MetricName {
  string group = 1;
  string tag = 2;
}
message MetricInfo {
  MetricName name = 1;
  string display_name = 3;
  string description = 4;
  int32 dataset_type = 5;
}
message SessionStartInfo {
  map<string, Value> hparams = 1;
  string model_uri = 2;
  string monitor_url = 3;
  string group_name = 4;
  double start_time_secs = 5;
}
message SessionEndInfo {
  int32 status = 1;
  double end_time_secs = 2;
}

// google.protobuf.Value (struct.proto), without struct_value / list_value which hparams never use.
message Value {
  oneof kind {
    int32 null_value = 1;
    double number_value = 2;
    string string_value = 3;
    bool bool_value = 4;
  }
}
`;

const root = protobuf.parse(SCHEMA, { keepCase: true }).root;

export const EventType = root.lookupType('tensorboard.Event');
export const HParamsPluginDataType = root.lookupType('tensorboard.HParamsPluginData');
installHistogramDecoder(root.lookupType('tensorboard.HistogramProto'));

/** tensorflow DataType enum values we handle. */
export const DT = { FLOAT: 1, DOUBLE: 2, INT32: 3, STRING: 7, INT64: 9 } as const;

/** hparams Status enum. */
export const HPARAMS_STATUS = { unknown: 0, success: 1, failure: 2, running: 3 } as const;
export type HParamsStatus = keyof typeof HPARAMS_STATUS;

/** hparams DataType enum. */
export const HPARAMS_DATA_TYPE = { string: 1, bool: 2, float64: 3 } as const;

// Plain shapes of the decoded messages (keepCase: true → field names as in the .proto).
// int64 fields decode to number when long.js is absent (exact up to 2^53) and may be Long otherwise.
export type PbHistogram = DecodedHistogram;
export interface PbTensor {
  dtype?: number;
  tensor_shape?: { dim?: { size?: number | { toNumber(): number } }[] };
  tensor_content?: Uint8Array;
  float_val?: number[];
  double_val?: number[];
  int_val?: number[];
  string_val?: Uint8Array[];
  int64_val?: (number | { toNumber(): number })[];
}
export interface PbMetadata {
  plugin_data?: { plugin_name?: string; content?: Uint8Array };
  display_name?: string;
  summary_description?: string;
  data_class?: number;
}
export interface PbValue {
  tag?: string;
  simple_value?: number;
  histo?: PbHistogram;
  tensor?: PbTensor;
  metadata?: PbMetadata;
}
export interface PbEvent {
  wall_time?: number;
  step?: number | { toNumber(): number };
  file_version?: string;
  summary?: { value?: PbValue[] };
}
export interface PbProtoValue {
  null_value?: number;
  number_value?: number;
  string_value?: string;
  bool_value?: boolean;
}
export interface PbHParamsPluginData {
  version?: number;
  experiment?: unknown;
  session_start_info?: { hparams?: Record<string, PbProtoValue>; start_time_secs?: number };
  session_end_info?: { status?: number; end_time_secs?: number };
}
