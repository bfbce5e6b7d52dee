package io.kerasj.spark;

import org.apache.spark.sql.SparkSession;

/** Spark sessions for the tests: loopback only, no UI, few shuffle partitions. */
final class TestSessions {
    private TestSessions() {
    }

    static SparkSession start(String master) {
        return SparkSession.builder().master(master).appName("kerasj-test")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }
}
