package io.kerasj.lambda;

/** A scalar element-wise function of the Lambda's input, applied to every tensor element. */
public sealed interface Expr permits Expr.Input, Expr.Constant, Expr.Binary, Expr.Unary {

    enum BinaryOp {
        ADD("+", 1), SUB("-", 1), MUL("*", 2), DIV("/", 2), POW("**", 4);

        final String symbol;
        final int precedence;

        BinaryOp(String symbol, int precedence) {
            this.symbol = symbol;
            this.precedence = precedence;
        }
    }

    enum UnaryOp { NEG, RELU, RELU6 }

    /** Value at input element {@code x}. */
    double apply(double x);

    /** False for a constant sub-expression, which engines fold in double as Python evaluates it. */
    default boolean readsInput() {
        if (this instanceof Input) {
            return true;
        }
        if (this instanceof Unary u) {
            return u.operand().readsInput();
        }
        if (this instanceof Binary b) {
            return b.left().readsInput() || b.right().readsInput();
        }
        return false;
    }

    /** Python-like text, e.g. {@code x / 255.0 - 0.5}. */
    String text();

    /** Binding strength used by {@link #text()} to place parentheses like Python would need them. */
    int precedence();

    record Input() implements Expr {
        public double apply(double x) {
            return x;
        }

        public String text() {
            return "x";
        }

        public int precedence() {
            return 9;
        }
    }

    record Constant(double value) implements Expr {
        public double apply(double x) {
            return value;
        }

        public String text() {
            return PyRepr.floatRepr(value);
        }

        public int precedence() {
            return value < 0 ? 3 : 9;
        }
    }

    record Binary(BinaryOp op, Expr left, Expr right) implements Expr {
        public double apply(double x) {
            double a = left.apply(x);
            double b = right.apply(x);
            return switch (op) {
                case ADD -> a + b;
                case SUB -> a - b;
                case MUL -> a * b;
                case DIV -> a / b;
                case POW -> Math.pow(a, b);
            };
        }

        public String text() {
            boolean rightAssoc = op == BinaryOp.POW;
            boolean parenLeft = rightAssoc ? left.precedence() <= op.precedence : left.precedence() < op.precedence;
            boolean parenRight = rightAssoc ? right.precedence() < 3 : right.precedence() <= op.precedence;
            return wrap(left, parenLeft) + " " + op.symbol + " " + wrap(right, parenRight);
        }

        public int precedence() {
            return op.precedence;
        }
    }

    record Unary(UnaryOp op, Expr operand) implements Expr {
        public double apply(double x) {
            double a = operand.apply(x);
            return switch (op) {
                case NEG -> -a;
                case RELU -> Math.max(0.0, a);
                case RELU6 -> Math.min(Math.max(0.0, a), 6.0);
            };
        }

        public String text() {
            return switch (op) {
                case NEG -> "-" + wrap(operand, operand.precedence() < 3);
                case RELU -> "relu(" + operand.text() + ")";
                case RELU6 -> "relu6(" + operand.text() + ")";
            };
        }

        public int precedence() {
            return op == UnaryOp.NEG ? 3 : 9;
        }
    }

    private static String wrap(Expr e, boolean paren) {
        return paren ? "(" + e.text() + ")" : e.text();
    }
}
