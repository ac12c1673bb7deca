"""Just enough protobuf wire-format reading to inspect .onnx and sentencepiece .model files
(the python onnx / sentencepiece packages are not available here)."""
import struct


def fields(buf):
    """Yield (field_number, wire_type, value) for one message; value is int, bytes or float."""
    pos, end = 0, len(buf)
    while pos < end:
        key, pos = varint(buf, pos)
        num, wt = key >> 3, key & 7
        if wt == 0:
            val, pos = varint(buf, pos)
        elif wt == 1:
            val = struct.unpack_from("<d", buf, pos)[0]
            pos += 8
        elif wt == 2:
            n, pos = varint(buf, pos)
            val = bytes(buf[pos:pos + n])
            pos += n
        elif wt == 5:
            val = struct.unpack_from("<f", buf, pos)[0]
            pos += 4
        else:
            raise ValueError(f"unsupported protobuf wire type {wt}")
        yield num, wt, val


def varint(buf, pos):
    result, shift = 0, 0
    while True:
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, pos
        shift += 7


def group(buf):
    out = {}
    for num, _, val in fields(buf):
        out.setdefault(num, []).append(val)
    return out


def encode_varint(value):
    out = bytearray()
    while True:
        b = value & 0x7F
        value >>= 7
        if value:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def raw_fields(buf):
    """(field_number, wire_type, raw bytes of the whole field incl. key, payload or None)."""
    pos, end = 0, len(buf)
    while pos < end:
        start = pos
        key, pos = varint(buf, pos)
        num, wt = key >> 3, key & 7
        payload = None
        if wt == 0:
            _, pos = varint(buf, pos)
        elif wt == 1:
            pos += 8
        elif wt == 2:
            n, pos = varint(buf, pos)
            payload = bytes(buf[pos:pos + n])
            pos += n
        elif wt == 5:
            pos += 4
        else:
            raise ValueError(f"unsupported protobuf wire type {wt}")
        yield num, wt, bytes(buf[start:pos]), payload


def length_delimited(num, payload):
    return encode_varint((num << 3) | 2) + encode_varint(len(payload)) + payload
