"""Summary of an .onnx file: opset, graph inputs/outputs with their dims, node op types and
initializer names -- used by the recipes to check the export looks like Optimum's."""
from .protobuf_lite import group

ELEM_TYPES = {1: "float32", 6: "int32", 7: "int64", 9: "bool"}


def _value_info(buf):
    g = group(buf)
    name = g[1][0].decode()
    dims, elem = [], None
    if 2 in g:
        tensor_type = group(group(g[2][0])[1][0])
        elem = ELEM_TYPES.get(tensor_type[1][0], tensor_type[1][0])
        if 2 in tensor_type:
            for d in group(tensor_type[2][0]).get(1, []):
                dg = group(d)
                dims.append(dg[2][0].decode() if 2 in dg else dg.get(1, [None])[0])
    return {"name": name, "type": elem, "dims": dims}


def inspect(path):
    with open(path, "rb") as f:
        model = group(f.read())
    opsets = {}
    for op in model.get(8, []):
        og = group(op)
        opsets[og.get(1, [b""])[0].decode()] = og[2][0]
    graph = group(model[7][0])
    nodes = []
    for n in graph.get(1, []):
        ng = group(n)
        nodes.append({"op_type": ng[4][0].decode(),
                      "inputs": [x.decode() for x in ng.get(1, [])],
                      "outputs": [x.decode() for x in ng.get(2, [])]})
    initializers = {}
    for t in graph.get(5, []):
        tg = group(t)
        dims = []
        for d in tg.get(1, []):
            if isinstance(d, bytes):  # packed repeated int64
                from .protobuf_lite import varint
                p = 0
                while p < len(d):
                    v, p = varint(d, p)
                    dims.append(v)
            else:
                dims.append(d)
        initializers[tg[8][0].decode()] = dims
    return {"ir_version": model.get(1, [None])[0], "opsets": opsets, "nodes": nodes,
            "initializers": initializers,
            "inputs": [_value_info(v) for v in graph.get(11, [])],
            "outputs": [_value_info(v) for v in graph.get(12, [])],
            "external_data": any(group(t).get(13) for t in graph.get(5, []))}
