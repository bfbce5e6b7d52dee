package io.kerasj.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.ir.Shape;
import io.kerasj.ir.TensorRef;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kerasj inspect}: what was imported — layers, shapes, parameter counts. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Import a model and print its layers, output shapes and parameter counts.")
public final class InspectCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--json", description = "Print JSON instead of a table")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        KerasModel m = model.load();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJson(m)));
        } else {
            out.print(InspectTable.render(m));
        }
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        m.warnings().forEach(w -> err.println("warning: " + w));
        err.flush();
        return 0;
    }

    static Map<String, Object> toJson(KerasModel m) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", m.source().format());
        root.put("keras_version", m.source().kerasVersion());
        root.put("backend", m.source().backend());
        root.put("model_class", m.modelClass());
        List<Object> layers = new ArrayList<>();
        for (Layer l : m.layers()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", l.name());
            e.put("class_name", l.className());
            List<Shape> shapes = l.outputShapes();
            e.put("output_shape", shapes.size() == 1 ? shapes.get(0).toList() : shapes.stream().map(Shape::toList).toList());
            e.put("params", l.params());
            e.put("trainable_params", l.trainableParams());
            e.put("non_trainable_params", l.nonTrainableParams());
            e.put("inbound", l.inbound().stream().map(TensorRef::layer).toList());
            LayerJsonExtras.add(l, e);
            layers.add(e);
        }
        root.put("layers", layers);
        root.put("total_params", m.totalParams());
        root.put("trainable_params", m.trainableParams());
        root.put("non_trainable_params", m.nonTrainableParams());
        root.put("warnings", m.warnings().stream().map(Object::toString).toList());
        return root;
    }
}
